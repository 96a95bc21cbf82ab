// Cells as people and Korean Excel really write them, through the real load (CSV bytes → decode → parse →
// COPY → merge → tables): a customer master whose 첫방문일 and 연락처 hold every form of issue 16, in the
// encodings the center's files come in, and a usage sheet whose 날짜 column Korean Excel saved as `오후`
// date-times. Expected values stand beside each cell.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../../pipeline/sources/customers.ts';
import { sessions } from '../../../pipeline/sources/sessions.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { writeSample } from '../../../samples/generator/write-csv.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { readSampleCsv } from '../../helpers/sample-csv.ts';
import { tableDigest } from '../../helpers/table-digest.ts';

const HEADER = ['번호', '첫방문일', '이름', '연락처', '거주지역'];
const NOW = new Date('2025-07-01T03:00:00Z');
const NAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'].flatMap((a) => ['민지', '서연', '도윤', '하준', '지우', '수아', '예준', '채원'].map((b) => `${a}${b}`));

/** 첫방문일 as written → the day it is, or null with the warning it raises. Korean Excel writes CP949: all of these encode. */
const DATES: [raw: string, day: string | null, warning?: string][] = [
  ['2023-05-12 00:00:00', '2023-05-12'], // the center's export, as today
  ['2023-05-12 오후 3:04:05', '2023-05-12'], // Korean Excel's CSV date-time
  ['2023-05-12 오전 9:04:05', '2023-05-12'],
  ['2023-05-12 오전 12:00:00', '2023-05-12'], // midnight, as Korean Excel writes it
  ['2023-05-12 오후 3:04', '2023-05-12'],
  ['2023/5/12 14:30', '2023-05-12'],
  ['2023-05-12(금)', '2023-05-12'],
  ['2023.05.12 금요일', '2023-05-12'],
  ['23년 5월 12일', '2023-05-12'],
  ['２０２３－０５－１２', '2023-05-12'], // full-width, typed with the Korean IME
  ['２０２３．５．１２', '2023-05-12'],
  ["'2023-05-12", '2023-05-12'], // Excel's text mark
  ['45058.0', '2023-05-12'], // a serial Excel wrote as a float
  ['45058', '2023-05-12'],
  ['13/05/2023', '2023-05-13'], // no month 13: unambiguous
  ['2023-02-30 오후 3:00:00', null, 'DATE_IMPOSSIBLE'],
  ['2023-13-01', null, 'DATE_IMPOSSIBLE'],
  ['12/05/2023', null, 'DATE_AMBIGUOUS'], // 5 December or 12 May: never guessed
  ['2023-05-12 (목)', null, 'DATE_WEEKDAY_MISMATCH'], // the 12th was a Friday
];

/** 연락처 as written → the phone stored, or null when it is kept as written and flagged. UTF-8: dash look-alikes CP949 lacks. */
const PHONES: [raw: string, phone: string | null, warning?: string][] = [
  ['010-2345-6789', '010-2345-6789'],
  ['+82 010-2345-6790', '010-2345-6790'], // was stored as 0010…: a different number
  ['+82 (0)10-2345-6791', '010-2345-6791'],
  ['+82 10-2345-6792', '010-2345-6792'],
  ['82-10-2345-6793', '010-2345-6793'],
  ['82 2 345 6794', '02-345-6794'],
  ['1023456795', '010-2345-6795'], // Excel dropped the 0
  ['1023456796.0', '010-2345-6796'],
  ["'010-2345-6797", '010-2345-6797'],
  ['234567980', '02-3456-7980'], // a Seoul landline without its 0
  ['3123456799', '031-2345-6799'],
  ['5123456700', '051-2345-6700'],
  ['０１０－２３４５－６７０１', '010-2345-6701'],
  ['010–2345–6702', '010-2345-6702'], // en dash
  ['010—2345—6703', '010-2345-6703'], // em dash
  ['010−2345−6704', '010-2345-6704'], // minus sign
  ['010·2345·6705', '010-2345-6705'],
  ['（０２）３４５－６７０６', '02-345-6706'],
  ['전화 02-345-6707', '02-345-6707'],
  ['HP 010-2345-6708', '010-2345-6708'],
  ['핸드폰: 010-2345-6709', '010-2345-6709'],
  ['문의 010 2345 6710', '010-2345-6710'],
  ['010-2345-6711 (본인)', '010-2345-6711'],
  ['010-2345-6712(딸)', '010-2345-6712'],
  ['010-2345-6713 / 저녁에만', '010-2345-6713'],
  ['010-2345-6714 / 010-9876-5432', '010-2345-6714', 'PHONE_SECOND_NUMBER'], // the first is the phone
  ['1.01235E+09', null, 'PHONE_INVALID'], // Excel's exponent lost digits
  ['030-234-5671', null, 'PHONE_INVALID'], // no such area
  ['020-234-5672', null, 'PHONE_INVALID'],
  ['010-2345-567', null, 'PHONE_INVALID'], // a digit short
  ['23456789', null, 'PHONE_INVALID'], // eight digits: a local number whose area nobody wrote
  ['X', null],
  ['', null],
];

function ledger(rows: readonly (readonly string[])[], encoding: 'cp949' | 'utf-8-bom', name: string): string {
  const file = join(tempDir('aibio-forms-'), name);
  writeSample(file, [HEADER, ...rows], encoding);
  return file;
}

describe('a customer master written as people write it', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('loads every unambiguous 첫방문일 as the right day, and leaves the others empty with the reason (CP949)', async () => {
    const rows = DATES.map(([raw], i) => [String(101 + i), raw, NAMES[i]!, `010-3000-${String(1000 + i)}`, '서울 강서구']);
    const file = ledger(rows, 'cp949', '고객관리대장_전체고객.csv');
    const report = await load(db, customers, file, { now: NOW });
    expect(report.sources.customers!.files[0]!.encoding?.encoding).toBe('cp949');
    const stored = await db.query<{ customer_id: number; first_visit_date: string | null }>(
      `SELECT customer_id, to_char(first_visit_date, 'YYYY-MM-DD') AS first_visit_date FROM customers WHERE customer_id BETWEEN 101 AND 199 ORDER BY 1`,
    );
    expect(stored.map((r) => r.first_visit_date)).toEqual(DATES.map(([, day]) => day));
    const warnings = await db.query<{ line: number; code: string; value: string }>(
      `SELECT line, code, value FROM etl.warnings WHERE run_id = $1 AND column_name = '첫방문일' ORDER BY line`,
      [report.runId],
    );
    expect(warnings).toEqual(DATES.flatMap(([raw, , code], i) => (code ? [{ line: i + 2, code, value: raw }] : [])));
  });

  it('loads every valid phone in national format with the same digits, keeps every cell as written, flags the rest; counts reconcile, a rerun changes nothing', async () => {
    const rows = PHONES.map(([raw], i) => [String(201 + i), '2024-01-05 00:00:00', NAMES[i]!, raw, '서울 강서구']);
    const file = ledger(rows, 'utf-8-bom', '고객관리대장(전체) 2025.12.csv');
    const report = await load(db, customers, file, { now: NOW });
    const s = report.sources.customers!;
    expect(s.rowsRead).toBe(PHONES.length);
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.merge.duplicates! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(s.merge.inserted).toBe(PHONES.length);

    const stored = await db.query<{ customer_id: number; phone: string | null; phone_raw: string | null; phone_status: string }>(
      `SELECT customer_id, phone, phone_raw, phone_status FROM customers WHERE customer_id BETWEEN 201 AND 299 ORDER BY 1`,
    );
    expect(stored.map((r) => r.phone)).toEqual(PHONES.map(([, phone]) => phone));
    // Nothing lost: the cell as written, label, note and second number included.
    expect(stored.map((r) => r.phone_raw)).toEqual(PHONES.map(([raw]) => (raw === '' ? null : raw)));
    for (const [i, r] of stored.entries()) {
      if (r.phone === null) continue;
      const written = PHONES[i]![0].normalize('NFKC').replace(/\D/g, '');
      // The same digits: the stored number's digits, less its trunk 0, are in the cell as written.
      expect(written, PHONES[i]![0]).toContain(r.phone.replace(/\D/g, '').replace(/^0/, ''));
    }
    expect(stored.filter((r) => r.phone === null && r.phone_raw !== null && r.phone_raw !== 'X').every((r) => r.phone_status === 'invalid')).toBe(true);

    const warnings = await db.query<{ line: number; code: string; value: string }>(
      `SELECT line, code, value FROM etl.warnings WHERE run_id = $1 AND column_name = '연락처' ORDER BY line`,
      [report.runId],
    );
    expect(warnings).toEqual(PHONES.flatMap(([raw, , code], i) => (code ? [{ line: i + 2, code, value: raw }] : [])));
    // A second number is kept, not used: the dedupe key holds the first one only.
    const [second] = await db.query<{ phone: string }>(`SELECT phone FROM customers WHERE phone_raw LIKE '%/ 010-9876-5432'`);
    expect(second).toEqual({ phone: '010-2345-6714' });

    const before = await snapshotTable(db, 'customers', ['created_at', 'updated_at']);
    const rerun = await load(db, customers, file, { now: NOW });
    expect(rerun.sources.customers!.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: PHONES.length });
    expect(await snapshotTable(db, 'customers', ['created_at', 'updated_at'])).toBe(before);
  });
});

describe('a usage sheet whose 날짜 column Korean Excel saved as 오전/오후 date-times', () => {
  let plain: TestDatabase;
  let ampm: TestDatabase;
  beforeAll(async () => {
    [plain, ampm] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => Promise.all([plain?.drop(), ampm?.drop()]));

  it('gives the same sessions as the sheet holding YYYY-MM-DD 00:00:00', async () => {
    const sheet = join(SAMPLES_DIR, '이용현황', '2025년3월.csv');
    const records = readSampleCsv(sheet).map((r) => r.cells);
    const dateColumn = records.find((r) => r.includes('날짜'))!.indexOf('날짜');
    let rewritten = 0;
    const ampmRecords = records.map((cells, i) => {
      const m = /^(\d{4}-\d{2}-\d{2}) 00:00:00$/.exec(cells[dateColumn] ?? '');
      if (!m) return cells;
      rewritten++;
      // A time of day as Korean Excel writes it, morning or afternoon, with or without seconds.
      const hour = 9 + (i % 10);
      const time = `${hour < 12 ? '오전' : '오후'} ${hour > 12 ? hour - 12 : hour}:${String((i * 7) % 60).padStart(2, '0')}${i % 3 ? `:${String(i % 60).padStart(2, '0')}` : ''}`;
      return cells.map((c, k) => (k === dateColumn ? `${m[1]} ${time}` : c));
    });
    expect(rewritten).toBeGreaterThan(20); // one per day: the rows below a date inherit it (merged cells)
    const ampmFile = join(tempDir('aibio-ampm-'), '2025년3월.csv');
    writeSample(ampmFile, ampmRecords, 'cp949'); // Korean Excel's "CSV (쉼표로 분리)"
    expect(readFileSync(ampmFile).includes(Buffer.from('오후', 'utf8'))).toBe(false); // really CP949
    const master = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');
    const loadBoth = async (db: TestDatabase, file: string) => {
      await load(db, customers, master, { now: NOW });
      return load(db, sessions, file, { now: NOW });
    };
    const [a, b] = await Promise.all([loadBoth(plain, sheet), loadBoth(ampm, ampmFile)]);
    expect(b.sources.sessions!.rowsRead).toBe(a.sources.sessions!.rowsRead);
    expect(b.sources.sessions!.rejected).toBe(a.sources.sessions!.rejected);
    const [x, y] = await Promise.all([tableDigest(plain), tableDigest(ampm)]);
    expect(y.tables['public.service_sessions']).toEqual(x.tables['public.service_sessions']);
    expect(x.rows['public.service_sessions']).toBeGreaterThan(100);
  });
});
