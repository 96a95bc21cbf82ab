// The payment sheets end to end on a real PostgreSQL: every monthly sheet and the overlapping 전체 결제대장
// ledger, footers skipped, refunds negative, the natural key that keeps the ledger's repeats out (in any
// load order, twice), no customer created, reruns. Expectations come from payment-oracle.ts.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../../pipeline/sources/customers.ts';
import { payments } from '../../../pipeline/sources/payments.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { LEDGER_FILE } from '../../../samples/generator/payments.ts';
import { runCli } from '../../helpers/cli.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { PAYMENTS_DIR, PAYMENT_FILES, readPayments, type PaymentOracle } from '../../helpers/payment-oracle.ts';

const LEDGER = join(PAYMENTS_DIR, LEDGER_FILE);
const MONTHLY = PAYMENT_FILES.filter((f) => f !== LEDGER);
const WRITE_TIMES = ['created_at', 'updated_at'];

const count = async (db: TestDatabase, sql: string, params: unknown[] = []) => ((await db.query<{ n: number }>(sql, params))[0] as { n: number }).n;

describe('payments source', () => {
  let db: TestDatabase;
  let oracle: PaymentOracle;
  let report: Awaited<ReturnType<typeof load>>;
  let customersBefore: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    oracle = readPayments();
    await load(db, customers, join(SAMPLES_DIR, '고객관리대장_전체고객.csv'));
    customersBefore = await count(db, 'SELECT count(*)::int AS n FROM customers');
    report = await load(db, payments, PAYMENT_FILES);
  });
  afterAll(async () => db?.drop());

  it('loads every monthly sheet and the ledger, skipping footers and note rows: the counts reconcile', () => {
    expect(report.status).toBe('committed');
    const s = report.sources.payments!;
    expect(s.files.map((f) => f.file)).toEqual(PAYMENT_FILES);
    for (const [i, sheet] of oracle.sheets.entries()) {
      expect(s.files[i]!.headerLine, sheet.name).toBe(sheet.header.line);
      expect(s.files[i]!.rows, sheet.name).toBe(sheet.rows.length);
    }
    expect(s.rejected).toBe(0);
    expect(s.staged).toBe(oracle.rows.length);
    expect(s.skipped).toBe(oracle.notPayments.length);
    expect(s.skippedByReason.FOOTER_ROW).toBe(oracle.notPayments.filter((r) => /^(합계|총합계|계)$/.test(r.number)).length);
    expect(s.skippedByReason.FOOTER_ROW).toBe(MONTHLY.length);
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.merge.duplicates! + s.rejected + s.skipped).toBe(s.rowsRead);
  });

  it('keeps one payment per (customer, date, amount, program): the ledger\'s repeats are duplicates', async () => {
    const s = report.sources.payments!;
    expect(oracle.rows.length - oracle.unique.length).toBe(40);
    expect(s.merge.inserted).toBe(oracle.unique.length);
    expect(s.merge.duplicates).toBe(40);
    expect(await count(db, 'SELECT count(*)::int AS n FROM payments')).toBe(oracle.unique.length);
    const [{ total }] = (await db.query<{ total: string }>('SELECT sum(amount)::text AS total FROM payments')) as [{ total: string }];
    expect(Number(total)).toBe(oracle.unique.reduce((sum, p) => sum + p.amount, 0));
  });

  it('adds no payment when the overlapping ledger is loaded twice more', async () => {
    const before = await snapshotTable(db, 'payments', WRITE_TIMES);
    for (let i = 0; i < 2; i++) {
      const s = (await load(db, payments, LEDGER)).sources.payments!;
      expect(s.merge.inserted).toBe(0);
      expect(s.merge.duplicates).toBe(40);
      expect(await count(db, 'SELECT count(*)::int AS n FROM payments')).toBe(oracle.unique.length);
    }
    expect(await snapshotTable(db, 'payments', WRITE_TIMES)).toBe(before);
  });

  it('keeps refunds negative and calls them refunds; the fee kept on a refund is not one', async () => {
    const refunds = oracle.unique.filter((p) => p.program.includes('환불') && !p.program.includes('위약금'));
    expect(refunds.length).toBeGreaterThan(5);
    expect(refunds.every((p) => p.amount < 0)).toBe(true);
    const stored = await db.query<{ amount: number; payment_type: string }>(`SELECT amount, payment_type FROM payments WHERE program LIKE '%환불%' AND program NOT LIKE '%위약금%'`);
    expect(stored).toHaveLength(refunds.length);
    for (const r of stored) expect(r).toMatchObject({ payment_type: 'refund', amount: expect.any(Number) });
    expect(stored.every((r) => r.amount < 0)).toBe(true);
    expect(await count(db, `SELECT count(*)::int AS n FROM payments WHERE amount < 0 AND payment_type <> 'refund'`)).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM payments WHERE program LIKE '%위약금%' AND (amount <= 0 OR payment_type = 'refund')`)).toBe(0);
  });

  it('reads card payments from an 8-digit 승인번호 and transfers from 계좌이체', async () => {
    const cards = oracle.unique.filter((p) => /^\d{8}$/.test(p.approval)).length;
    const transfers = oracle.unique.filter((p) => p.approval === '계좌이체').length;
    expect(cards + transfers).toBe(oracle.unique.length);
    expect(await count(db, `SELECT count(*)::int AS n FROM payments WHERE payment_method = 'card'`)).toBe(cards);
    expect(await count(db, `SELECT count(*)::int AS n FROM payments WHERE payment_method = 'transfer'`)).toBe(transfers);
  });

  it('creates no customer: payments link to master customers or wait on the review list', async () => {
    expect(await count(db, 'SELECT count(*)::int AS n FROM customers')).toBe(customersBefore);
    const review = await count(db, `SELECT count(*)::int AS n FROM payments WHERE customer_id IS NULL`);
    expect(review).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM payments WHERE customer_id IS NOT NULL`)).toBeGreaterThan(oracle.unique.length * 0.8);
    // every unlinked payment row of the loaded sheets is on the review list, with a reason
    const listed = await db.query<{ file: string; line: number }>(`SELECT file, line FROM etl.match_review WHERE source = 'payments'`);
    const keys = new Set(listed.map((r) => `${r.file}:${r.line}`));
    const unlinked = await db.query<{ source_file: string; source_line: number }>(`SELECT source_file, source_line FROM payments WHERE customer_id IS NULL`);
    for (const p of unlinked) expect(keys.has(`${p.source_file}:${p.source_line}`)).toBe(true);
  });

  it('changes nothing when every sheet is loaded again', async () => {
    const before = await snapshotTable(db, 'payments', WRITE_TIMES);
    const s = (await load(db, payments, PAYMENT_FILES)).sources.payments!;
    expect(s.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: oracle.unique.length, duplicates: 40, deleted: 0 });
    expect(await snapshotTable(db, 'payments', WRITE_TIMES)).toBe(before);
  });

  it('with --allow-emptied empties a reloaded sheet whose every row is now blank; the sheet loaded again restores it', async () => {
    // The sheet cleared in Excel down to its header and a blank row: no row stages, yet the sheet was read.
    const [{ file }] = (await db.query<{ file: string }>(
      `SELECT file FROM etl.match_review WHERE source = 'payments' AND file <> $1 GROUP BY 1 ORDER BY 1 LIMIT 1`, [LEDGER_FILE])) as [{ file: string }];
    const sheet = oracle.sheets.find((s) => s.name === file)!;
    const bytes = readFileSync(sheet.file);
    let end = 0; // past the header's physical line; a line feed is a line feed in CP949 too
    for (let line = 1; line <= sheet.header.line; line++) end = bytes.indexOf(0x0a, end) + 1;
    const cleared = join(tempDir(), sheet.name);
    writeFileSync(cleared, Buffer.concat([bytes.subarray(0, end), Buffer.from(`${','.repeat(sheet.header.cells.length - 1)}\n`)]));
    const held = await count(db, 'SELECT count(*)::int AS n FROM payments WHERE source_file = $1', [sheet.name]);
    expect(held).toBeGreaterThan(0);
    const review = await snapshotTable(db, 'etl.match_review', ['run_id', 'created_at', 'review_id']);
    const before = await snapshotTable(db, 'payments', ['payment_id', ...WRITE_TIMES]);

    await expect(load(db, payments, cleared)).rejects.toMatchObject({ code: 'FILE_EMPTIED' });
    expect(await snapshotTable(db, 'payments', ['payment_id', ...WRITE_TIMES])).toBe(before);
    const s = (await load(db, payments, cleared, { allowEmptied: true })).sources.payments!;
    expect(s.skipped).toBe(s.rowsRead);
    expect(s.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, duplicates: 0, deleted: held });
    expect(await count(db, 'SELECT count(*)::int AS n FROM payments WHERE source_file = $1', [sheet.name])).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM etl.match_review WHERE source = 'payments' AND file = $1`, [sheet.name])).toBe(0);

    expect((await load(db, payments, sheet.file)).sources.payments!.merge.inserted).toBe(held);
    expect(await snapshotTable(db, 'payments', ['payment_id', ...WRITE_TIMES])).toBe(before);
    expect(await snapshotTable(db, 'etl.match_review', ['run_id', 'created_at', 'review_id'])).toBe(review);
  });

  it('runs alone from the command line on one file', async () => {
    const result = await runCli(['payments', '--file', LEDGER, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/payments +rowsRead \d+ · inserted 0 · updated 0 · unchanged \d+ · duplicates 40/);
  });
});

describe('payments source, ledger first', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('ends with the same payments whether the ledger comes before or after the monthly sheets', async () => {
    const oracle = readPayments();
    const first = (await load(db, payments, LEDGER)).sources.payments!;
    expect(first.merge.inserted).toBe(readPayments([LEDGER]).unique.length);
    const monthly = (await load(db, payments, MONTHLY)).sources.payments!;
    expect(monthly.merge.duplicates).toBe(40);
    await load(db, payments, LEDGER);
    expect(await count(db, 'SELECT count(*)::int AS n FROM payments')).toBe(oracle.unique.length);
    // without the master loaded, every payment waits on the review list, and none made a customer
    expect(await count(db, 'SELECT count(*)::int AS n FROM customers')).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM payments WHERE match_status = 'review'`)).toBe(oracle.unique.length);
  });
});
