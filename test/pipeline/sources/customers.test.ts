// The customer master end to end on a real PostgreSQL: the sample ledger, its CP949 sheet dump, reruns,
// changed files, broken files, rejects, duplicates and family phones.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtlError } from '../../../pipeline/errors.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';

const SAMPLE = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');
const SHEET_DUMP = join(SAMPLES_DIR, 'variants', '고객관리대장_전체고객_원본시트.csv');
/** Columns that record when a row was written, not what it holds. */
const WRITE_TIMES = ['created_at', 'updated_at'];

/** The sample read by a different parser: the oracle for what the tables must hold. */
function sampleRows(): Record<string, string>[] {
  return parse(readFileSync(SAMPLE), { bom: true, columns: true, relax_column_count: true }) as Record<string, string>[];
}

describe('customers source', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('loads the 950-row sample, merging the 4 duplicate pairs, and the counts reconcile', async () => {
    const report = await load(db, customers, SAMPLE);
    const s = report.sources.customers!;
    expect(report.status).toBe('committed');
    expect(s.rowsRead).toBe(950);
    expect(s.merge).toMatchObject({ inserted: 946, updated: 0, unchanged: 0, duplicates: 4 });
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.merge.duplicates! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(await db.query('SELECT count(*)::int AS count FROM customers')).toEqual([{ count: 946 }]);
  });

  it('merges exactly the rows that share name and phone, keeping the lowest ledger number and the others', async () => {
    const groups = new Map<string, number[]>();
    for (const row of sampleRows()) {
      if (!/^010-\d{4}-\d{4}$/.test(row['연락처']!)) continue;
      const key = `${row['이름']!.trim()}|${row['연락처']}`;
      groups.set(key, [...(groups.get(key) ?? []), Number(row['번호'])]);
    }
    const expected = [...groups.values()].filter((numbers) => numbers.length > 1).map((n) => n.sort((a, b) => a - b));
    expect(expected).toHaveLength(4);
    const merged = await db.query<{ customer_id: number; merged_ledger_numbers: number[] }>(
      `SELECT customer_id, merged_ledger_numbers FROM customers WHERE cardinality(merged_ledger_numbers) > 0 ORDER BY customer_id`,
    );
    expect(merged.map((m) => [m.customer_id, ...m.merged_ledger_numbers])).toEqual(expected.sort((a, b) => a[0]! - b[0]!));
    for (const [, ...others] of expected) {
      expect(await db.query('SELECT 1 FROM customers WHERE customer_id = ANY($1)', [others])).toHaveLength(0);
    }
  });

  it('keeps family members who share a phone as separate customers and lists them', async () => {
    const byPhone = new Map<string, Set<string>>();
    for (const row of sampleRows()) {
      if (!/^010-\d{4}-\d{4}$/.test(row['연락처']!)) continue;
      byPhone.set(row['연락처']!, (byPhone.get(row['연락처']!) ?? new Set()).add(row['이름']!.trim()));
    }
    const families = [...byPhone].filter(([, names]) => names.size > 1);
    expect(families).toHaveLength(11);
    for (const [phone, names] of families) {
      const rows = await db.query<{ name: string }>('SELECT name FROM customers WHERE phone = $1', [phone]);
      expect(new Set(rows.map((r) => r.name))).toEqual(names);
    }
    const report = await load(db, customers, SAMPLE);
    expect(report.sources.customers!.details.sharedPhoneFamilies).toHaveLength(11);
  });

  it('restores the lost leading 0 and keeps every phone as written', async () => {
    const raw = sampleRows().filter((r) => /^10\d{8}$/.test(r['연락처']!));
    expect(raw.length).toBeGreaterThan(0);
    for (const row of raw) {
      const [customer] = await db.query<{ phone: string; phone_raw: string; phone_status: string }>(
        'SELECT phone, phone_raw, phone_status FROM customers WHERE customer_id = $1',
        [Number(row['번호'])],
      );
      expect(customer).toEqual({ phone: `0${row['연락처']!.slice(0, 2)}-${row['연락처']!.slice(2, 6)}-${row['연락처']!.slice(6)}`, phone_raw: row['연락처'], phone_status: 'repaired' });
    }
    const invalid = await db.query<{ phone: string | null; phone_raw: string }>(`SELECT phone, phone_raw FROM customers WHERE phone_status = 'invalid'`);
    expect(invalid.length).toBeGreaterThan(0);
    for (const c of invalid) {
      expect(c.phone).toBeNull();
      expect(c.phone_raw).not.toBe('');
    }
  });

  it('records a warning with the value as written for each date it could not trust', async () => {
    const warnings = await db.query<{ code: string; value: string }>(`SELECT code, value FROM etl.warnings WHERE column_name = '첫방문일' ORDER BY code`);
    expect(warnings.map((w) => [w.code, w.value])).toEqual(
      expect.arrayContaining([
        ['DATE_YEAR_TYPO', '204-04-12'],
        ['DATE_TRUNCATED', '2023-05-1'],
        ['DATE_UNPARSEABLE', '2021년 부터'],
        ['DATE_IN_FUTURE', '2035-05-17 00:00:00'],
      ]),
    );
  });

  it('changes nothing when the same file is loaded again', async () => {
    const before = await snapshotTable(db, 'customers');
    const report = await load(db, customers, SAMPLE);
    expect(report.sources.customers!.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: 946, duplicates: 4 });
    expect(await snapshotTable(db, 'customers')).toBe(before);
  });

  it('updates only the rows that changed in an edited file', async () => {
    const dir = tempDir();
    const edited = join(dir, 'edited.csv');
    const lines = readFileSync(SAMPLE, 'utf8').split('\r\n');
    // Three customers moved: the region column (5th) of lines 11, 21 and 31 changes.
    for (const i of [10, 20, 30]) {
      const cells = lines[i]!.split(',');
      cells[4] = '서울 마포구';
      lines[i] = cells.join(',');
    }
    writeFileSync(edited, lines.join('\r\n'));
    const report = await load(db, customers, edited);
    expect(report.sources.customers!.merge).toMatchObject({ inserted: 0, unchanged: 943, updated: 3 });
    await load(db, customers, SAMPLE);
  });

  it('loads the CP949 raw sheet dump (title row, blank row, old labels, serial dates) into identical tables', async () => {
    const other = await createTestDatabase();
    try {
      const report = await load(other, customers, SHEET_DUMP);
      const file = report.sources.customers!.files[0]!;
      expect(file.encoding?.encoding).toBe('cp949');
      expect(file.headerLine).toBe(3);
      expect(await snapshotTable(other, 'customers', WRITE_TIMES)).toBe(await snapshotTable(db, 'customers', WRITE_TIMES));
      expect(await snapshotTable(other, 'customer_preferences', ['preference_id', ...WRITE_TIMES])).toBe(
        await snapshotTable(db, 'customer_preferences', ['preference_id', ...WRITE_TIMES]),
      );
    } finally {
      await other.drop();
    }
  });

  it('rejects rows that cannot be a customer, with line, reason and raw line, in etl.rejects and an owner-only CSV', async () => {
    const dir = tempDir();
    const file = join(dir, 'rejects.csv');
    writeFileSync(
      file,
      [
        '번호,첫방문일,이름,연락처',
        '9001,2023-05-11 00:00:00,한지우,010-2345-6789',
        ',2023-05-11 00:00:00,이름만있음,010-3456-7890',
        '9002,2023-05-11 00:00:00,,010-4567-8901',
        '9001,2023-05-12 00:00:00,다른사람,010-5678-9012',
        '9003,2023-05-12 00:00:00,배수아,010-6789-0123,남는칸',
        ',,,',
      ].join('\r\n'),
    );
    const before = await snapshotTable(db, 'customers');
    const overBudget = await load(db, customers, file).catch((e: EtlError) => e);
    expect((overBudget as EtlError).code).toBe('REJECT_BUDGET_EXCEEDED');
    expect(await snapshotTable(db, 'customers')).toBe(before);

    const report = await load(db, customers, file, { budget: { maxRejects: 10, maxRejectRatio: 1 } });
    const s = report.sources.customers!;
    expect(s).toMatchObject({ rowsRead: 6, rejected: 4, skipped: 1 });
    expect(s.merge.inserted).toBe(1);
    const rejects = await db.query<{ line: number; code: string; raw_line: string }>(
      'SELECT line, code, raw_line FROM etl.rejects WHERE run_id = $1 ORDER BY line',
      [report.runId],
    );
    expect(rejects.map((r) => [r.line, r.code])).toEqual([
      [3, 'LEDGER_NUMBER_MISSING'],
      [4, 'NAME_MISSING'],
      [5, 'LEDGER_NUMBER_DUPLICATE'],
      [6, 'CSV_TOO_MANY_FIELDS'],
    ]);
    expect(rejects[0]!.raw_line).toBe(',2023-05-11 00:00:00,이름만있음,010-3456-7890');
    const csv = s.rejects.file!;
    expect(statSync(csv).mode & 0o777).toBe(0o600);
    expect(readFileSync(csv, 'utf8')).toContain('이름만있음');
    await db.query('DELETE FROM customer_analytics WHERE customer_id = 9001; DELETE FROM customer_preferences WHERE customer_id = 9001; DELETE FROM customers WHERE customer_id = 9001');
  });

  it.each([
    ['undecodable bytes half-way', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 50_000), Buffer.from([0xff, 0xfe, 0xfd]), bytes.subarray(50_000)]), 'DECODE_INVALID_BYTES'],
    ['a quote never closed', (bytes: Buffer) => Buffer.concat([bytes, Buffer.from('\r\n9999,2023-01-01 00:00:00,"끝나지 않는 따옴표,010-1111-2222\r\n')]), 'CSV_QUOTE_NOT_CLOSED'],
  ])('leaves customers exactly as they were when the file breaks part-way: %s', async (_name, breakIt, code) => {
    const dir = tempDir();
    const file = join(dir, 'broken.csv');
    // A file that would change many rows, broken after them.
    const changed = readFileSync(SAMPLE, 'utf8').replace(/서울 강서구/g, '서울 양천구');
    writeFileSync(file, breakIt(Buffer.from(changed)));
    const before = await snapshotTable(db, 'customers');
    const error = await load(db, customers, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtlError);
    expect((error as EtlError).code).toBe(code);
    expect(await snapshotTable(db, 'customers')).toBe(before);
    const [run] = await db.query<{ status: string; error_code: string }>(`SELECT status, error_code FROM etl.runs ORDER BY started_at DESC LIMIT 1`);
    expect(run).toEqual({ status: 'failed', error_code: code });
  });

  it('reads a CP949 file given with --encoding cp949 and refuses it as utf-8', async () => {
    const dir = tempDir();
    const file = join(dir, 'cp949.csv');
    writeFileSync(file, iconv.encode('번호,이름,연락처\r\n9100,똠햏,010-2222-3333\r\n', 'cp949'));
    const wrong = await load(db, customers, file, { encoding: 'utf-8' }).catch((e: EtlError) => e);
    expect((wrong as EtlError).code).toBe('DECODE_INVALID_BYTES');
    const report = await load(db, customers, file, { encoding: 'cp949' });
    expect(report.sources.customers!.merge.inserted).toBe(1);
    expect(await db.query('SELECT name FROM customers WHERE customer_id = 9100')).toEqual([{ name: '똠햏' }]);
    await db.query('DELETE FROM customer_analytics WHERE customer_id = 9100; DELETE FROM customer_preferences WHERE customer_id = 9100; DELETE FROM customers WHERE customer_id = 9100');
  });
});

describe('customers source: a duplicate noticed after the first load', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('absorbs the customer loaded earlier under the merged number: its links move, its row goes', async () => {
    const dir = tempDir();
    const header = '번호,첫방문일,이름,연락처,거주지역';
    const first = join(dir, 'first.csv');
    // 501 was typed with a wrong phone: two customers.
    writeFileSync(first, [header, '500,2023-01-05 00:00:00,한지우,010-2345-6789,', '501,2023-03-01 00:00:00,한지우,010-2345-0000,서울 강서구'].join('\r\n'));
    await load(db, customers, first);
    await db.query(`INSERT INTO kit_receipts (customer_id, kit_type, serial_number) VALUES (501, '유기산', 'BD501501')`);
    const corrected = join(dir, 'corrected.csv');
    // The phone corrected: 501 is the same person as 500.
    writeFileSync(corrected, [header, '500,2023-01-05 00:00:00,한지우,010-2345-6789,', '501,2023-03-01 00:00:00,한지우,010-2345-6789,서울 강서구'].join('\r\n'));
    const report = await load(db, customers, corrected);
    expect(report.sources.customers!.merge).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, duplicates: 1 });
    expect(report.sources.customers!.details.absorbedCustomers).toEqual([{ ledgerNumber: 501, customerId: 501, mergedInto: 500 }]);
    expect(await db.query('SELECT customer_id, region, merged_ledger_numbers FROM customers ORDER BY 1')).toEqual([
      { customer_id: 500, region: '서울 강서구', merged_ledger_numbers: [501] },
    ]);
    expect(await db.query(`SELECT customer_id FROM kit_receipts WHERE serial_number = 'BD501501'`)).toEqual([{ customer_id: 500 }]);
    expect(await db.query('SELECT customer_id FROM customer_preferences ORDER BY 1')).toEqual([{ customer_id: 500 }]);
  });
});
