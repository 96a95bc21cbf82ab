// A load recomputes the statistics of the customers it touched, not of everyone (issue 18), and that must
// be the same as recomputing everyone on the same day: after the samples, a new month's usage sheet, a
// payment sheet, and a ledger with one customer's 첫방문일 corrected are loaded, `pipeline stats` (every
// customer, as of the same date) finds nothing left to change.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../../pipeline/run.ts';
import { SOURCES } from '../../../pipeline/sources/index.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { payments } from '../../../pipeline/sources/payments.ts';
import { sessions } from '../../../pipeline/sources/sessions.ts';
import { SAMPLES_DIR, sampleCustomers } from '../../../samples/generator/cli.ts';
import { CUSTOMER_HEADER } from '../../../samples/generator/customers.ts';
import { writeSample } from '../../../samples/generator/write-csv.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { dataTables } from '../../helpers/db-state.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { writePaymentSheet, writeUsageSheet } from '../../helpers/review-ledgers.ts';
import { findLedgers } from '../../../pipeline/find-ledgers.ts';

const NOW = new Date('2025-07-20T03:00:00Z');

describe('statistics for what a load changed', () => {
  let db: TestDatabase;
  /** Three customers with a name no one else has, for the new sheets: [customer_id, name]. */
  let regulars: { customer_id: number; name: string }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const { inputs } = await findLedgers(SAMPLES_DIR, SOURCES);
    const first = await runPipeline({ command: 'test samples', sources: SOURCES.filter((s) => inputs.has(s.name)), inputs, env: { DATABASE_URL: db.url }, reportsDir: tempDir(), now: NOW });
    expect(first.status).toBe('committed');
    regulars = await db.query(
      `SELECT min(customer_id) AS customer_id, name FROM customers WHERE ledger_number IS NOT NULL GROUP BY name HAVING count(*) = 1 ORDER BY min(customer_id) LIMIT 3`,
    );
  });
  afterAll(async () => db?.drop());

  const stats = () => runPipeline({ command: 'test stats', sources: [], inputs: new Map(), recomputeStatistics: true, statisticsScope: 'all', env: { DATABASE_URL: db.url }, reportsDir: tempDir(), now: NOW });

  it('after the first load, recomputing everyone changes nothing', async () => {
    const before = await dataTables(db);
    const report = await stats();
    expect(report.statistics).toMatchObject({ scope: 'all', customers: { updated: 0 }, analytics: { inserted: 0, updated: 0, removed: 0 } });
    expect(await dataTables(db)).toEqual(before);
  });

  it('a new month\'s sheet, a payment sheet and a corrected 첫방문일 recompute only the customers they touch — exactly as everyone would be', async () => {
    const dir = tempDir();
    const [a, b, c] = regulars;
    const usage = writeUsageSheet(dir, '2025년7월.csv', [
      ['2025-07-02', a!.name, '레드 1/10'],
      ['2025-07-09', a!.name, '레드 2/10'],
      ['2025-07-10', b!.name, '펄스 1/20'],
    ]);
    const paid = writePaymentSheet(dir, '2025년 7월.csv', [['2025-07-03', c!.name, '레드 10회', 550_000]]);
    // the ledger exported again with one customer's first visit corrected
    const firstVisit = CUSTOMER_HEADER.indexOf('첫방문일');
    const rows = sampleCustomers().map((r) => (r.cells[0] === '5' ? r.cells.map((cell, i) => (i === firstVisit ? '2025-07-01 00:00:00' : cell)) : [...r.cells]));
    const ledger = join(dir, '고객관리대장_전체고객.csv');
    writeSample(ledger, [[...CUSTOMER_HEADER], ...rows], 'utf-8-bom');

    const loads = [await load(db, sessions, [usage], { now: NOW }), await load(db, payments, [paid], { now: NOW }), await load(db, customers, ledger, { now: NOW })];
    for (const report of loads) expect(report.statistics!.scope).toBe('touched');
    expect(loads.map((r) => r.statistics!.customers.total)).toEqual([2, 1, 1]);
    expect(loads.map((r) => r.statistics!.customers.updated)).toEqual([2, 1, 1]);

    const before = await dataTables(db);
    const everyone = await stats();
    expect(everyone.statistics).toMatchObject({ scope: 'all', customers: { updated: 0 }, analytics: { inserted: 0, updated: 0, removed: 0 } });
    expect(await dataTables(db)).toEqual(before);
  });

  it('a sheet reloaded with a visit gone recomputes that customer, as everyone would be', async () => {
    const [a, b] = regulars;
    const usage = writeUsageSheet(tempDir(), '2025년7월.csv', [['2025-07-02', a!.name, '레드 1/10'], ['2025-07-10', b!.name, '펄스 1/20']]);
    const report = await load(db, sessions, [usage], { now: NOW });
    // sessions are keyed by their line: b's visit moved up a line, so b's sessions were rewritten (b is
    // touched, unchanged); a lost one (a is touched, updated)
    expect(report.statistics).toMatchObject({ scope: 'touched', customers: { total: 2, updated: 1 } });
    const before = await dataTables(db);
    expect((await stats()).statistics).toMatchObject({ customers: { updated: 0 }, analytics: { inserted: 0, updated: 0, removed: 0 } });
    expect(await dataTables(db)).toEqual(before);
  });
});
