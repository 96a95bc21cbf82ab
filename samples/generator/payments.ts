// The sample payment sheets (samples/결제현황/): one sheet per month from 2022-01 to 2025-06 except
// 2023-01..08 (missing, as in the real files), named `3월` (2022), `23년12월`, `2024년07월`, `2025년 5월`;
// two rows above the header (three in 2022), footers `합계`/`총합계`/`계`, a note row without 번호,
// refunds (`-550,000`), a cancellation fee, multi-line programs; plus `전체 결제대장.csv`, a ledger
// holding 2023-01..08 and 40 rows repeated from the monthly sheets (dates and amounts written differently).

import { join } from 'node:path';
import type { CustomerRow } from './customers.ts';
import { STAFF } from './korean.ts';
import { nameCell, samplePeople, type People } from './people.ts';
import { Random } from './random.ts';
import { writeSample } from './write-csv.ts';

export const PAYMENT_SEED = 5202;
export const PAYMENT_DIR = '결제현황';
export const LEDGER_FILE = '전체 결제대장.csv';
const LEDGER_REPEATS = 40;

export const PAYMENT_HEADER = ['번호', '결제일자', '고객명', '결제 프로그램', '결제 금액', '카드 명의자명', '승인번호', '결제 담당자', '유입', '등급', '구매', '세션시작일', '계약만료일', '기타'] as const;

/** A payment as the generator meant it: the truth the revenue summary is built from. */
export interface SamplePayment {
  date: string;
  amount: number;
  cells: string[];
}

const PROGRAMS: readonly (readonly [string, number, number])[] = [
  // program, amount, weight
  ['첫체험(레드,림프,펄스X2)', 9_900, 10],
  ['첫체험\n(레드,림프,펄스X2)', 99_000, 4],
  ['레드 10회', 550_000, 8],
  ['펄스 10회', 600_000, 6],
  ['림프 20회', 1_100_000, 4],
  ['브레인 10회', 700_000, 4],
  ['레드 30회', 1_500_000, 3],
  ['레드+펄스 패키지(40회)', 1_536_000, 6],
  ['펄스+브레인 패키지(40회)', 1_980_000, 3],
  ['펄스+림프 패키지(40회)', 1_840_000, 3],
  ['올케어 40회', 2_640_000, 4],
  ['올케어 80회', 4_950_000, 2],
  ['올케어 120회', 7_920_000, 1],
  ['레드 추가 1회', 60_000, 3],
  ['유기산 검사 키트', 290_000, 2],
  ['유산균 3개월', 180_000, 2],
];

interface SheetMonth {
  year: number;
  month: number;
  file: string;
}

export function paymentMonths(): SheetMonth[] {
  const months: SheetMonth[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let m = 1; m <= 12; m++) months.push({ year: 2022, month: m, file: `${m}월.csv` });
  for (let m = 9; m <= 12; m++) months.push({ year: 2023, month: m, file: `23년${m}월.csv` });
  for (let m = 1; m <= 12; m++) months.push({ year: 2024, month: m, file: `2024년${pad(m)}월.csv` });
  for (let m = 1; m <= 6; m++) months.push({ year: 2025, month: m, file: `2025년 ${m}월.csv` });
  return months;
}

export function generatePaymentSheets(dir: string, customers: readonly CustomerRow[]): { files: string[]; payments: SamplePayment[] } {
  const rng = new Random(PAYMENT_SEED);
  const people = samplePeople(customers);
  const files: string[] = [];
  const all: SamplePayment[] = [];
  const repeatable: SamplePayment[] = [];
  for (const sheet of paymentMonths()) {
    const payments = monthPayments(rng, people, sheet.year, sheet.month);
    all.push(...payments);
    repeatable.push(...payments);
    const rows: string[][] = [];
    const width = PAYMENT_HEADER.length;
    const blank = Array<string>(width).fill('');
    rows.push(title(`${sheet.year}년 ${sheet.month}월 결제현황`, width));
    if (sheet.year === 2022) rows.push(title('(카드/계좌이체 포함, 환불은 음수)', width));
    rows.push(blank, [...PAYMENT_HEADER]);
    payments.forEach((p, i) => rows.push([String(i + 1), ...p.cells]));
    if (rng.chance(0.15)) rows.push(noteRow(rng, width));
    const total = payments.reduce((s, p) => s + p.amount, 0);
    const footer = [...blank];
    footer[0] = rng.pick(['합계', '총합계', '계']);
    footer[4] = total.toLocaleString('en-US');
    rows.push(footer);
    const path = join(dir, PAYMENT_DIR, sheet.file);
    writeSample(path, rows, sheet.year === 2022 ? 'cp949' : 'utf-8-bom');
    files.push(path);
  }

  // 전체 결제대장: 2023-01..08 (no monthly sheets) and rows repeated from the monthly sheets.
  const ledgerOnly = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((m) => monthPayments(rng, people, 2023, m));
  all.push(...ledgerOnly);
  const repeats = rng.shuffle([...repeatable]).slice(0, LEDGER_REPEATS).map((p) => ({ ...p, cells: ledgerForm(p) }));
  const ledger = [...ledgerOnly, ...repeats].sort((a, b) => a.date.localeCompare(b.date));
  const width = PAYMENT_HEADER.length;
  const rows: string[][] = [title('전체 결제대장', width), Array<string>(width).fill(''), [...PAYMENT_HEADER]];
  ledger.forEach((p, i) => rows.push([String(i + 1), ...p.cells]));
  const path = join(dir, PAYMENT_DIR, LEDGER_FILE);
  writeSample(path, rows, 'utf-8-bom');
  files.push(path);
  return { files, payments: all };
}

function monthPayments(rng: Random, people: People, year: number, month: number): SamplePayment[] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const payments: SamplePayment[] = [];
  const count = rng.int(14, 24);
  for (let i = 0; i < count; i++) {
    const date = `${year}-${pad(month)}-${pad(rng.int(1, days))}`;
    const [program, amount] = rng.weighted(PROGRAMS.map(([p, a, w]) => [[p, a] as const, w] as const));
    payments.push(payment(rng, people, date, program, amount));
  }
  if (rng.chance(0.45)) {
    // A refund, and sometimes the fee the center keeps.
    const date = `${year}-${pad(month)}-${pad(rng.int(1, days))}`;
    const [program, amount] = rng.pick([['레드 10회', 550_000], ['올케어 40회', 1_320_000], ['펄스 10회', 300_000]] as const);
    payments.push(payment(rng, people, date, `${program} 환불`, -amount));
    if (rng.chance(0.4)) payments.push(payment(rng, people, date, `${program} 환불 위약금`, Math.round(amount / 10)));
  }
  return payments.sort((a, b) => a.date.localeCompare(b.date));
}

function payment(rng: Random, people: People, date: string, program: string, amount: number): SamplePayment {
  const person = rng.pick(people.pool);
  const form = rng.weighted([['exact', 90], ['honorific', 5], ['stranger', 3], ['relative', 2]] as const);
  const name = nameCell(rng, people, person, form);
  const card = rng.chance(0.75);
  const trial = program.includes('체험');
  const packaged = /패키지|올케어|\d{2}회/.test(program) && amount > 0;
  return {
    date,
    amount,
    cells: [
      rng.chance(0.8) ? `${date} 00:00:00` : date.replace(/-/g, '.'),
      name,
      program,
      wonCell(rng, amount),
      card ? (rng.chance(0.9) ? person.name : `${person.name[0]}${people.stranger(rng).slice(1)}`) : '',
      card ? rng.digits(8).replace(/^0/, '3') : '계좌이체',
      rng.pick(STAFF),
      rng.pick(['당근', '검색', '지인소개', '유튜브', '']),
      trial ? '신규' : rng.pick(['신규', '재구매']),
      trial ? '첫체험' : `${rng.int(1, 5)}회차구매`,
      packaged ? date.replace(/-/g, '.') : '',
      // A year later, the 28th at the latest (no 2025.02.29).
      packaged ? `${Number(date.slice(0, 4)) + 1}.${date.slice(5, 7)}.${pad(Math.min(28, Number(date.slice(8))))}` : '',
      rng.chance(0.05) ? rng.pick(['할부 3개월', '지인 할인 적용', '현장 결제']) : '',
    ],
  };
}

/** `1,536,000` mostly; also `1536000`, `99,000원`, `9900원`. */
function wonCell(rng: Random, won: number): string {
  const grouped = won.toLocaleString('en-US');
  if (Math.abs(won) < 10_000 && rng.chance(0.5)) return `${won}원`;
  return rng.weighted([[grouped, 65], [String(won), 20], [`${grouped}원`, 15]] as const);
}

/** The ledger writes a repeated row's date and amount its own way: `2024.07.03`, `1536000`. */
function ledgerForm(p: SamplePayment): string[] {
  const cells = [...p.cells];
  cells[0] = p.date.replace(/-/g, '.');
  cells[3] = String(p.amount);
  return cells;
}

function noteRow(rng: Random, width: number): string[] {
  const row = Array<string>(width).fill('');
  row[2] = '(메모)';
  row[4] = rng.pick(['300,000', '500,000']);
  row[13] = '분할 결제 잔금, 다음 달 결제 예정';
  return row;
}

function title(text: string, width: number): string[] {
  return [text, ...Array<string>(width - 1).fill('')];
}

const pad = (n: number) => String(n).padStart(2, '0');
