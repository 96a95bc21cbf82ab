// The yearly revenue summary end to end on a real PostgreSQL: its blocks as monthly figures, and the report's
// list of months where the summary and that month's payments differ (both figures), checked against the
// sample files read by csv-parse.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../../pipeline/sources/payments.ts';
import { revenueSummary } from '../../../pipeline/sources/revenue-summary.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { REVENUE_FILE } from '../../../samples/generator/revenue.ts';
import { runCli } from '../../helpers/cli.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { PAYMENT_FILES, monthlySums, readPayments } from '../../helpers/payment-oracle.ts';
import { readSampleCsv } from '../../helpers/sample-csv.ts';

const SUMMARY = join(SAMPLES_DIR, REVENUE_FILE);

/** The summary's figures by month (`2024-07` → won), read block by block: title, header, figures. */
function summaryFigures(path = SUMMARY): Map<string, number> {
  const figures = new Map<string, number>();
  let year = 0;
  for (const { cells } of readSampleCsv(path)) {
    const title = /^(\d{2})년도\s*매출$/.exec(cells[0]!.trim());
    if (title) year = 2000 + Number(title[1]);
    else if (/^\d+$/.test(cells[0]!.trim())) {
      cells.slice(0, 12).forEach((c, i) => c.trim() && figures.set(`${year}-${String(i + 1).padStart(2, '0')}`, Number(c)));
    }
  }
  return figures;
}

interface MonthFigures {
  month: string;
  summary: number | null;
  payments: number | null;
  difference?: number | null;
}

describe('revenue-summary source', () => {
  let db: TestDatabase;
  let report: Awaited<ReturnType<typeof load>>;
  const figures = summaryFigures();

  beforeAll(async () => {
    db = await createTestDatabase();
    await load(db, payments, PAYMENT_FILES);
    report = await load(db, revenueSummary, SUMMARY);
  });
  afterAll(async () => db?.drop());

  it('loads every year block as one row per month with a figure: the counts reconcile', async () => {
    const s = report.sources['revenue-summary']!;
    expect(report.status).toBe('committed');
    expect(s.rejected).toBe(0);
    expect(s.merge.inserted).toBe(4);
    expect(s.merge.months).toBe(figures.size);
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(s.skippedByReason).toMatchObject({ BLOCK_TITLE: 3, BLOCK_HEADER: 3 });
    const rows = await db.query<{ month: string; amount: string }>(
      `SELECT year || '-' || lpad(month::text, 2, '0') AS month, summary_amount::text AS amount FROM monthly_revenue ORDER BY 1`,
    );
    expect(new Map(rows.map((r) => [r.month, Number(r.amount)]))).toEqual(figures);
  });

  it('lists every month where the summary and the sum of that month\'s payments differ, with both figures', () => {
    const paid = monthlySums(readPayments().unique);
    const expected: MonthFigures[] = [...figures]
      .filter(([month, summary]) => paid.has(month) && paid.get(month) !== summary)
      .map(([month, summary]) => ({ month, summary, payments: paid.get(month)!, difference: summary - paid.get(month)! }))
      .sort((a, b) => a.month.localeCompare(b.month));
    expect(expected.length).toBeGreaterThan(0);
    const details = report.sources['revenue-summary']!.details as { differences: MonthFigures[]; monthsWithoutPayments: MonthFigures[]; monthsWithoutSummary: MonthFigures[]; monthsAgreeing: number };
    expect(details.differences.map(({ month, summary, payments, difference }) => ({ month, summary, payments, difference }))).toEqual(expected);
    expect(details.monthsWithoutPayments).toEqual([...figures.keys()].filter((m) => !paid.has(m)).map((month) => ({ month, summary: figures.get(month), payments: null })));
    expect(details.monthsWithoutSummary.map((m) => m.month)).toEqual([...paid.keys()].filter((m) => !figures.has(m)).sort());
    expect(details.monthsAgreeing).toBe(figures.size - expected.length - details.monthsWithoutPayments.length);
  });

  it('changes nothing when loaded again, and updates a month whose figure changed', async () => {
    const before = await snapshotTable(db, 'monthly_revenue', ['created_at', 'updated_at']);
    const again = (await load(db, revenueSummary, SUMMARY)).sources['revenue-summary']!;
    expect(again.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, months_deleted: 0 });
    expect(await snapshotTable(db, 'monthly_revenue', ['created_at', 'updated_at'])).toBe(before);

    const edited = join(tempDir(), REVENUE_FILE);
    const [march] = [...figures].filter(([m]) => m === '2024-03').map(([, won]) => won);
    writeFileSync(edited, readFileSync(SUMMARY, 'utf8').replace(`,${march},`, `,${march! + 1000},`));
    const changed = (await load(db, revenueSummary, edited)).sources['revenue-summary']!;
    expect(changed.merge).toMatchObject({ inserted: 0, updated: 1, unchanged: 3 });
    expect(await db.query(`SELECT summary_amount::int AS won FROM monthly_revenue WHERE year = 2024 AND month = 3`)).toEqual([{ won: march! + 1000 }]);
  });

  it('runs alone from the command line', async () => {
    const result = await runCli(['revenue-summary', '--file', SUMMARY, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/revenue-summary +rowsRead 14 · inserted 0 · updated 1 · unchanged 3/);
  });
});
