// The samples end to end with the statistics step: every source loaded in one run, statistics and the
// day's analytics for every customer match the rules recomputed in TypeScript from the loaded tables, and
// verification (which now covers customer_analytics) passes. Then `npm run pipeline -- stats` from the
// command line recomputes without loading, and a second time changes nothing.

import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../../pipeline/run.ts';
import type { RunReport } from '../../../sinks/run-report.ts';
import { SOURCES } from '../../../pipeline/sources/index.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { todayInSeoul } from '../../../transforms/parse-date.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/load.ts';
import { csvFilesIn } from '../../helpers/sample-csv.ts';
import { expectedStatistics, readInputs } from '../../helpers/statistics-oracle.ts';

const AS_OF = '2025-07-15';

function sampleInputs(): Map<string, string[]> {
  return new Map(
    SOURCES.map((s) => [s.name, s.input.kind === 'file' ? [join(SAMPLES_DIR, s.input.file)] : csvFilesIn(join(SAMPLES_DIR, s.input.dir))]),
  );
}

describe('statistics on the samples', () => {
  let db: TestDatabase;
  let report: RunReport;
  beforeAll(async () => {
    db = await createTestDatabase();
    report = await runPipeline({
      command: 'test all',
      sources: SOURCES,
      inputs: sampleInputs(),
      verify: true,
      now: new Date(`${AS_OF}T03:00:00Z`),
      env: { DATABASE_URL: db.url },
      reportsDir: tempDir('aibio-reports-'),
    });
  });
  afterAll(async () => db?.drop());

  it('runs after the merges, reports what it wrote, and verification (with the analytics checks) passes', async () => {
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')) as [{ n: number }];
    // A new customer enters with the statistics of their 첫방문일 alone; the step rewrites exactly those whose
    // sessions or payments make their statistics differ from that.
    const inputs = await readInputs(db);
    const full = expectedStatistics(inputs, AS_OF);
    const firstVisitOnly = expectedStatistics({ ...inputs, sessions: [], payments: [] }, AS_OF);
    const differing = [...full].filter(([id, e]) => JSON.stringify(e.stats) !== JSON.stringify(firstVisitOnly.get(id)!.stats)).length;
    expect(differing).toBeGreaterThan(0);
    expect(differing).toBeLessThan(n);
    expect(report.statistics).toMatchObject({ asOf: AS_OF, customers: { total: n, updated: differing }, analytics: { rows: n, inserted: n, updated: 0, unchanged: 0, removed: 0 } });
    const checks = report.safety!.verification!;
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    for (const name of ['enum:customer_analytics.visit_frequency', 'enum:customer_analytics.churn_risk', 'enum:customer_analytics.churn_probability', 'range:customer_analytics.consistency_score', 'range:customer_analytics.retention_score']) {
      expect(checks.find((c) => c.name === name)).toMatchObject({ status: 'pass' });
    }
    expect(report.safety!.analyzed).toContain('public.customer_analytics');
    expect(report.safety!.tableCounts!.customer_analytics).toBe(n);
    // The report's charts read the statistics: every customer has a computed status.
    expect(Object.values(report.distributions!.customer_status!).reduce((a, b) => a + b, 0)).toBe(n);
    expect(report.distributions!.customer_status).not.toHaveProperty('(none)');
  });

  it('gives every customer the statistics and analytics the rules give, recomputed independently', async () => {
    const expected = expectedStatistics(await readInputs(db), AS_OF);
    const stats = await db.query<Record<string, unknown> & { customer_id: number }>(
      `SELECT customer_id, last_visit_date::text, total_visits, average_visit_interval, total_revenue::float8 AS total_revenue,
              customer_status, membership_level, risk_level FROM customers`,
    );
    const analytics = await db.query<Record<string, unknown> & { customer_id: number }>(
      `SELECT customer_id, visit_frequency, consistency_score, most_used_service, ltv_estimate::float8 AS ltv_estimate,
              churn_risk, churn_probability, retention_score FROM customer_analytics WHERE analysis_date = $1`,
      [AS_OF],
    );
    expect(stats).toHaveLength(expected.size);
    expect(analytics).toHaveLength(expected.size);
    const mismatches: unknown[] = [];
    for (const { customer_id, ...row } of stats) {
      if (!isDeepStrictEqual(row, expected.get(customer_id)!.stats)) mismatches.push({ customer_id, row, expected: expected.get(customer_id)!.stats });
    }
    for (const { customer_id, ...row } of analytics) {
      if (!isDeepStrictEqual(row, expected.get(customer_id)!.analytics)) mismatches.push({ customer_id, row, expected: expected.get(customer_id)!.analytics });
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The samples exercise more than one value of each: a check that every customer got the same answer would pass too.
    const spread = (column: string, rows: Record<string, unknown>[]) => new Set(rows.map((r) => r[column])).size;
    // (Membership is basic for every sample customer — the samples hold a few months of sheets, no one reaches
    // 5,000,000 and 11 visits in a year — so the hand-made histories test the levels.)
    for (const column of ['customer_status', 'risk_level']) expect(spread(column, stats)).toBeGreaterThan(2);
    for (const column of ['visit_frequency', 'most_used_service', 'churn_risk']) expect(spread(column, analytics)).toBeGreaterThan(3);
  });

  it('`pipeline stats` recomputes from the command line without loading; a second run on the same day changes nothing', async () => {
    const first = await runCli(['stats', '--json', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(first.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout);
    const today = json.statistics.asOf;
    expect([todayInSeoul(), todayInSeoul(new Date(Date.now() - 3_600_000))]).toContain(today);
    expect(json.sources).toEqual({});
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')) as [{ n: number }];
    expect(json.statistics.analytics).toMatchObject({ rows: n, inserted: n });
    // Both days' rows are kept.
    expect(await db.query(`SELECT analysis_date::text AS day, count(*)::int AS n FROM customer_analytics GROUP BY 1 ORDER BY 1`)).toEqual([
      { day: AS_OF, n },
      { day: today, n },
    ]);
    const second = await runCli(['stats', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`statistics as of ${today}: ${n} customers, 0 updated · customer_analytics ${n} rows: 0 new, 0 changed, ${n} unchanged`));
  });
});
