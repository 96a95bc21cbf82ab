// The sample usage sheets (samples/이용현황/): one month or more of each of the eight header layouts of
// SOURCES.md §4 and the full year 2024-07..2025-06, with the sheets' defects — file names in six styles,
// title rows above the header until 2022-07, merged date cells left blank, separator and blank rows, the
// `204-04-DD` typo (16 rows), dates outside the sheet's month, the name forms of people.ts, the
// used/total pairs and remaining counts, `AD n/m` codes — about 2,300 visit rows in all.

import { join } from 'node:path';
import type { CustomerRow } from './customers.ts';
import { nameCell, pickNameForm, samplePeople, type People, type SamplePerson } from './people.ts';
import { Random } from './random.ts';
import { writeSample, type SampleEncoding } from './write-csv.ts';

export const USAGE_SEED = 4901;
export const USAGE_DIR = '이용현황';

type Layout = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

interface UsageMonth {
  file: string;
  year: number;
  months: readonly number[];
  layout: Layout;
  encoding: SampleEncoding;
  /** Date only on a day's first row (a merged cell), blank below. */
  merged: boolean;
  separators?: boolean;
  /** The title row names another month than the file (the title is not to be trusted). */
  titleMonth?: string;
  /** 23년5월: a column with no label right after 비고. */
  unlabelledColumn?: boolean;
  /** 2024-04: this many rows dated `204-04-DD`. */
  yearTypoRows?: number;
  /** Rows dated before the sheet's month at its top (late entries). */
  earlyRows?: number;
  /** 2025-03: the §4 examples, verbatim, on the first visit row. */
  showcase?: boolean;
  /** Visits per working day (default 3–7, 2–4 for a two-month sheet); large benchmark sheets raise it. */
  perDay?: [number, number];
  /** Only the month's first this many working days have visits (a sheet of a few rows). */
  days?: number;
}

const month = (year: number, m: number, layout: Layout, name: string, extra: Partial<UsageMonth> = {}): UsageMonth => ({
  file: `${name}.csv`, year, months: [m], layout, encoding: 'utf-8-bom', merged: true, ...extra,
});

export const USAGE_MONTHS: readonly UsageMonth[] = [
  { file: '(5-6월)_고객이용현황.csv', year: 2021, months: [5, 6], layout: 1, encoding: 'cp949', merged: true, separators: true },
  month(2022, 1, 1, '(22_1월)_고객이용현황', { encoding: 'cp949', titleMonth: '2022년 2월' }),
  month(2022, 3, 2, '22년_3월', { encoding: 'cp949', separators: true }),
  month(2022, 8, 3, '22년_8월'),
  month(2022, 11, 4, '22년_11월', { encoding: 'cp949', merged: false }),
  month(2023, 5, 5, '23년5월', { unlabelledColumn: true, separators: true }),
  month(2024, 4, 5, '2024년4월', { encoding: 'cp949', merged: false, yearTypoRows: 16 }),
  ...[7, 8, 9, 10, 11, 12].map((m) => month(2024, m, 6, `2024년${m}월`, { separators: m === 9, earlyRows: m === 10 ? 2 : 0 })),
  month(2025, 1, 6, '2025년1월', { earlyRows: 1 }),
  month(2025, 2, 7, '2025년2월'),
  month(2025, 3, 7, '2025년3월', { showcase: true }),
  ...[4, 5, 6].map((m) => month(2025, m, 8, `2025년${m}월`)),
];

const PACKAGE_LABEL = '실행 패키지 \nor 프로모션 ';
const INFO_LABEL = '고객정보(연령, 성별, 연락처)';
const PAIRS = ['브레인', '펄스', '림프', '레드'].flatMap((s) => [`${s}\n(이용횟수/전체횟수)`, '']);
const REMAINING = ['브레인', '펄스', '림프', '레드'].map((s) => `${s}\n잔여횟수`);
const BASE_6 = ['날짜', '성함', '비고', '실행 패키지 or 프로모션', '세션 진행 사항', '특이사항', '상담내용', '주 관심 서비스'];

export const USAGE_HEADERS: Record<Layout, readonly string[]> = {
  1: ['날짜', '성함', '비고(쿠폰/지인 등)', '실행 프로그램', '메모'],
  2: ['날짜', '성함', '비고(쿠폰/지인 등)', '실행 프로그램', '메모', '리뷰'],
  3: ['날짜', '성함', INFO_LABEL, '비고', PACKAGE_LABEL, '세부 세션 내역', '세션 진행 사항', '주 관심 서비스', '상담내용(Q&A 형태로 작성)', '고객반응(만족도, 재방문 의사)', '특이사항'],
  4: ['날짜', '성함', INFO_LABEL, '비고', PACKAGE_LABEL, '세션 진행 사항', '상담내용', '특이사항', '주 관심 서비스'],
  5: ['날짜', '성함', '비고', '실행 패키지 or 프로모션', '세션 진행 사항', '상담내용', '특이사항', '주 관심 서비스'],
  6: BASE_6,
  7: [...BASE_6, ...PAIRS],
  8: [...BASE_6, ...PAIRS, ...REMAINING],
};

/** The §4 examples, verbatim, so tests can look for them. */
export const SHOWCASE = {
  packages: '레드 21.22/100\n브레인3/10\n펄스 4,5,6/20',
  progress: "하체 W/80 (20')\n(33')\n주1000(40')",
} as const;

export function generateUsageSheets(dir: string, customers: readonly CustomerRow[]): string[] {
  const rng = new Random(USAGE_SEED);
  const people = samplePeople(customers);
  // The center's regulars: a few hundred customers come back month after month.
  const regulars = rng.shuffle([...people.pool]).slice(0, 260);
  const packages = new Map<string, { used: number; total: number }>();
  return USAGE_MONTHS.map((sheet) => {
    const rows = sheetRows(rng, sheet, people, regulars, packages);
    const path = join(dir, USAGE_DIR, sheet.file);
    writeSample(path, rows, sheet.encoding);
    return path;
  });
}

/**
 * A large folder of usage sheets for benchmarks: one sheet per month from 2020-06 on (layouts 6 and 8
 * alternating), about `rows` visit rows in all, with the samples' defect rates. Returns the file paths.
 */
export function generateLargeUsageSheets(dir: string, customers: readonly CustomerRow[], rows: number, encoding: SampleEncoding, seed: number): string[] {
  const rng = new Random(seed);
  const people = samplePeople(customers);
  const regulars = rng.shuffle([...people.pool]).slice(0, 260);
  const packages = new Map<string, { used: number; total: number }>();
  const months = largeUsageMonths();
  // ~22 working days a month; a row of separators or blanks every so often.
  const perDay = Math.max(1, Math.round(rows / months.length / 21.7));
  return months.map(({ year, month }, i) => {
    const sheet: UsageMonth = { file: `${year}년${month}월.csv`, year, months: [month], layout: i % 2 ? 8 : 6, encoding, merged: true, separators: true, perDay: [Math.max(1, perDay - 2), perDay + 2] };
    const path = join(dir, sheet.file);
    writeSample(path, sheetRows(rng, sheet, people, regulars, packages), encoding);
    return path;
  });
}

/** The months generateLargeUsageSheets writes a sheet for: 76 of them, 2020-06 to 2026-09. */
export function largeUsageMonths(): { year: number; month: number }[] {
  const months: { year: number; month: number }[] = [];
  for (let y = 2020, m = 6; months.length < 76; m === 12 ? ((m = 1), y++) : m++) months.push({ year: y, month: m });
  return months;
}

/**
 * One more month's usage sheet of about `rows` visit rows (the center adds one month at a time), naming the
 * same customers as generateLargeUsageSheets, in the layout of its latest months; its path.
 */
export function generateUsageMonth(path: string, customers: readonly CustomerRow[], options: { year: number; month: number; rows: number; encoding: SampleEncoding; seed: number }): string {
  const rng = new Random(options.seed);
  const people = samplePeople(customers);
  const regulars = rng.shuffle([...people.pool]).slice(0, 260);
  const working = workingDays(options.year, options.month).length;
  // A few rows fill the first days, one visit each; more spread over every working day.
  const perDay = Math.max(1, Math.round(options.rows / working));
  const sheet: UsageMonth = {
    file: path, year: options.year, months: [options.month], layout: 8, encoding: options.encoding, merged: true, separators: true,
    perDay: [perDay, perDay], days: Math.min(working, options.rows),
  };
  writeSample(path, sheetRows(rng, sheet, people, regulars, new Map()), options.encoding);
  return path;
}

interface Visit {
  date: string;
  cells: Map<string, string>;
}

function sheetRows(rng: Random, sheet: UsageMonth, people: People, regulars: SamplePerson[], packages: Map<string, { used: number; total: number }>): string[][] {
  let header = [...USAGE_HEADERS[sheet.layout]];
  if (sheet.unlabelledColumn) header = [...header.slice(0, 3), '', ...header.slice(3)];
  const width = header.length;
  const row = (cells: Map<string, string>, date: string): string[] => header.map((label, i) => (i === 0 ? date : label === '' ? (cells.get(`#${i}`) ?? '') : (cells.get(label) ?? '')));
  const out: string[][] = [];
  if (sheet.layout <= 2) {
    const months = sheet.months.length > 1 ? `${sheet.months[0]}-${sheet.months.at(-1)}월` : `${sheet.months[0]}월`;
    out.push([`${sheet.titleMonth ?? `${sheet.year}년 ${months}`} 고객이용현황`, ...Array<string>(width - 1).fill('')]);
  }
  out.push(header);

  const days = sheet.months.flatMap((m) => workingDays(sheet.year, m)).slice(0, sheet.days);
  const perDay: [number, number] = sheet.perDay ?? (sheet.months.length > 1 ? [2, 4] : [3, 7]);
  let typoLeft = sheet.yearTypoRows ?? 0;
  let showcaseLeft = sheet.showcase ? 1 : 0;
  const visitsByDay: Visit[][] = [];
  if (sheet.earlyRows) {
    const before = previousDay(`${sheet.year}-${pad(sheet.months[0]!)}-01`);
    visitsByDay.push(Array.from({ length: sheet.earlyRows }, () => visit(rng, sheet, before, people, regulars, packages, header)));
  }
  for (const day of days) {
    visitsByDay.push(Array.from({ length: rng.int(...perDay) }, () => visit(rng, sheet, day, people, regulars, packages, header)));
  }
  for (const [d, visits] of visitsByDay.entries()) {
    const separator = sheet.separators && d > 0 && rng.chance(0.35);
    if (separator) out.push(row(new Map(), excelDate(visits[0]!.date)));
    visits.forEach((v, i) => {
      if (showcaseLeft && d > 3) {
        showcase(v.cells, header, sheet.layout);
        showcaseLeft--;
      }
      let date = excelDate(v.date);
      if (typoLeft > 0 && d >= 10) {
        date = `204${v.date.slice(4)}`; // `204-04-15`: a digit missing from the year
        typoLeft--;
      }
      const blank = sheet.merged && (i > 0 || separator);
      out.push(row(v.cells, blank ? '' : date));
    });
    if (rng.chance(0.04)) out.push(Array<string>(width).fill(''));
  }
  out.push(Array<string>(width).fill(''), Array<string>(width).fill(''));
  return out;
}

function visit(rng: Random, sheet: UsageMonth, date: string, people: People, regulars: SamplePerson[], packages: Map<string, { used: number; total: number }>, header: readonly string[]): Visit {
  const ambiguous = rng.chance(0.012);
  const person = ambiguous ? rng.pick(people.namesakes) : rng.chance(0.7) ? rng.pick(regulars) : rng.pick(people.pool);
  const form = ambiguous ? 'exact' : pickNameForm(rng);
  const cells = new Map<string, string>();
  cells.set('성함', nameCell(rng, people, person, form));
  const early = sheet.layout <= 2;
  if (rng.chance(0.15)) cells.set(header[2]!.startsWith('비고') ? header[2]! : '비고', rng.pick(['쿠폰', '지인소개', '당근 쿠폰', '재방문', '가족 할인']));
  if (early) {
    cells.set('실행 프로그램', programCell(rng));
    if (rng.chance(0.1)) cells.set('메모', rng.pick(['컨디션 좋음', '다음 예약 토요일', '어깨 뭉침']));
    if (sheet.layout === 2 && rng.chance(0.08)) cells.set('리뷰', rng.pick(['리뷰 작성 완료', '제안함']));
    return { date, cells };
  }
  const lines = packageLines(rng, person, packages);
  cells.set(packageLabel(header), lines.map((l) => l.text).join('\n'));
  if (rng.chance(0.85)) {
    const progress = lines.map((l) => l.progress);
    cells.set('세션 진행 사항', (rng.chance(0.02) && progress.length > 1 ? progress.slice(1) : progress).join('\n'));
  }
  if (sheet.layout === 3 || sheet.layout === 4) cells.set(INFO_LABEL, infoCell(rng, person, form));
  if (sheet.layout === 3) {
    if (rng.chance(0.5)) cells.set('세부 세션 내역', lines.map((l) => l.text.split(' ')[0]).join(' + '));
    if (rng.chance(0.2)) cells.set('고객반응(만족도, 재방문 의사)', rng.pick(['만족', '재방문 의사 있음', '보통']));
  }
  const consultation = header.find((h) => h.startsWith('상담내용'));
  if (consultation && rng.chance(0.2)) cells.set(consultation, rng.pick(['Q. 효과는 언제부터? A. 4~5회차부터 체감', 'Q. 주 몇 회? A. 주 2~3회 권장', '패키지 연장 상담']));
  if (rng.chance(0.1)) cells.set('특이사항', rng.pick(['허리 통증 있음', '임산부 아님 확인', '강도 약하게']));
  if (rng.chance(0.3)) cells.set('주 관심 서비스', rng.pick(['레드', '펄스', '펄스,림프', '브레인']));
  if (sheet.unlabelledColumn && rng.chance(0.2)) cells.set('#3', rng.pick(['재방문 예약', '주차 등록', '지인 동행']));
  if (sheet.layout >= 7) setCounters(cells, header, lines, sheet.layout === 8);
  return { date, cells };
}

interface Line {
  text: string;
  progress: string;
  service: string | null;
  numbers: number[];
  total: number | null;
}

const SERVICE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['레드', 32], ['펄스', 23], ['림프', 14], ['브레인', 10], ['AD', 6], ['레드&바이브', 4], ['AIBIKE', 3], ['인바디', 1.5],
];

/** `실행 패키지 or 프로모션`: one line per service, sessions counted per customer's package. */
function packageLines(rng: Random, person: SamplePerson, packages: Map<string, { used: number; total: number }>): Line[] {
  if (rng.chance(0.05)) {
    return rng.chance(0.5)
      ? [{ text: '첫체험(레드,림프,펄스X2)', progress: "(20')", service: null, numbers: [], total: null }]
      : ['레드', '펄스'].map((s) => ({ text: `체험 ${s}`, progress: "(20')", service: null, numbers: [], total: null }));
  }
  if (rng.chance(0.008)) return [{ text: '노쇼', progress: '', service: null, numbers: [], total: null }];
  const count = rng.weighted([[1, 55], [2, 35], [3, 10]] as const);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(rng.weighted(SERVICE_WEIGHTS));
  return [...chosen].map((service) => {
    if (service === '인바디') return { text: '인바디', progress: '측정', service, numbers: [], total: null };
    const key = `${person.ledgerNo}|${service}`;
    let pack = packages.get(key);
    const sessions = rng.weighted([[1, 82], [2, 15], [3, 3]] as const);
    if (!pack || pack.used + sessions > pack.total) {
      pack = { used: 0, total: rng.pick(service === '레드' ? [10, 20, 30, 40, 100] : service === 'AD' ? [10, 20] : [10, 20, 30]) };
      packages.set(key, pack);
    }
    const numbers = Array.from({ length: sessions }, (_, i) => pack!.used + i + 1);
    pack.used += sessions;
    const name = service === 'AIBIKE' ? rng.pick(['AIBIKE', 'AI바이크', 'aibike', '바이크']) : service;
    const numbersText = numbers.join(rng.pick(['.', ',']));
    let text = rng.chance(0.3) ? `${name}${numbersText}/${pack.total}` : `${name} ${numbersText}/${pack.total}`;
    const marker = rng.next();
    if (marker < 0.02) text = `${text} ${rng.pick(['sv', 'SV'])}`;
    else if (marker < 0.03) text = `서비스 ${text}`;
    else if (marker < 0.04 && service === '림프') text = `${text} (펄스 횟수로 차감)`;
    const progress =
      service === '브레인' && sessions === 2
        ? "브레인 (33'*2)"
        : rng.pick(["(20')", "(30')", "주1000(40')", "하체 W/80 (20')", `${rng.int(2, 5)}->${rng.int(5, 8)} (20')`, "상체 W/60 (25')"]);
    return { text, progress, service, numbers, total: pack.total };
  });
}

/** The §4 examples on one row, with the counters that go with them. */
function showcase(cells: Map<string, string>, header: readonly string[], layout: Layout): void {
  cells.set(packageLabel(header), SHOWCASE.packages).set('세션 진행 사항', SHOWCASE.progress);
  if (layout < 7) return;
  header.forEach((label, i) => {
    if (label.includes('횟수')) cells.delete(label);
    if (label === '') cells.delete(`#${i}`);
  });
  setCounters(cells, header, [
    { text: '', progress: '', service: '레드', numbers: [21, 22], total: 100 },
    { text: '', progress: '', service: '브레인', numbers: [3], total: 10 },
    { text: '', progress: '', service: '펄스', numbers: [4, 5, 6], total: 20 },
  ], layout === 8);
}

/** Layouts 7–8: used / total (`11.0`) and remaining for each of the four counted services on the row. */
function setCounters(cells: Map<string, string>, header: readonly string[], lines: readonly Line[], remaining: boolean): void {
  for (const service of ['브레인', '펄스', '림프', '레드']) {
    const line = lines.find((l) => l.service === service && l.total !== null);
    if (!line) continue;
    const used = line.numbers.at(-1)!;
    const at = header.indexOf(`${service}\n(이용횟수/전체횟수)`);
    cells.set(header[at]!, String(used)).set(`#${at + 1}`, `${line.total}.0`);
    if (remaining) cells.set(`${service}\n잔여횟수`, String(line.total! - used));
  }
}

/** Early sheets: `레드라이트, 바이오펄스(20분), 림프밸런스`, `AI BIKE(2세션)`, `브레인피드백 3회차`. */
function programCell(rng: Random): string {
  const programs = ['레드라이트', '브레인피드백', `바이오펄스(${rng.pick([20, 30])}분)`, '림프밸런스', '하트매스', `AI BIKE(${rng.int(1, 2)}세션)`, '인바디', '레드&바이브', '웜업'];
  const picked = new Set<string>();
  const count = rng.weighted([[1, 40], [2, 40], [3, 20]] as const);
  while (picked.size < count) picked.add(rng.weighted(programs.map((p, i) => [p, i < 4 ? 6 : 1] as const)));
  const items = [...picked].map((p) => (rng.chance(0.1) ? `${p} ${rng.int(1, 12)}회차` : p));
  const text = items.join(rng.pick([', ', ',']));
  return rng.chance(0.05) ? `${text}, ${rng.int(2, 9)}회차` : text;
}

/** 고객정보: `35세,010-1234-5678`, sometimes with a gender, only an age, or blank. */
function infoCell(rng: Random, person: SamplePerson, form: string): string {
  const age = `${rng.int(25, 72)}세`;
  const phone = form === 'stranger' ? `010-${rng.int(2000, 9999)}-${rng.digits(4)}` : person.phone;
  return rng.weighted([
    [`${age},${phone}`, 75],
    [`${age},${rng.pick(['여', '남'])},${phone}`, 10],
    [age, 10],
    ['', 5],
  ]);
}

function packageLabel(header: readonly string[]): string {
  return header.find((h) => h.replace(/\s/g, '') === '실행패키지or프로모션')!;
}

function workingDays(year: number, m: number): string[] {
  const days: string[] = [];
  for (let d = 1; d <= new Date(Date.UTC(year, m, 0)).getUTCDate(); d++) {
    if (new Date(Date.UTC(year, m - 1, d)).getUTCDay() !== 0) days.push(`${year}-${pad(m)}-${pad(d)}`);
  }
  return days;
}

function previousDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
const excelDate = (iso: string) => `${iso} 00:00:00`;
