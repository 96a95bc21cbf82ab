// Verification covers what the statistics step writes: a customer_analytics value outside its set or its
// 0–100 range fails the check that names it, and the computed rows pass.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../../pipeline/run.ts';
import { CENTER_OPENED } from '../../../pipeline/center.ts';
import { runChecks, type CheckResult } from '../../../pipeline/verify/checks.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { tempDir } from '../../helpers/load.ts';

describe('verification of customer_analytics and the statistics columns', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(`INSERT INTO customers (customer_id, ledger_number, name, first_visit_date) VALUES (1, 1, '김보람', '2025-07-01'), (2, 2, '이정희', NULL)`);
    await runPipeline({ command: 'test stats', sources: [], inputs: new Map(), recomputeStatistics: true, statisticsScope: 'all', now: new Date('2025-07-15T03:00:00Z'), env: { DATABASE_URL: db.url }, reportsDir: tempDir() });
  });
  afterAll(async () => db?.drop());

  /** The checks on the database with `plant` applied, inside a transaction rolled back afterwards. */
  async function checksWith(plant: string): Promise<Map<string, CheckResult>> {
    const client = await db.client();
    try {
      await client.query('BEGIN');
      await client.query(plant);
      const checks = await runChecks(client, { today: '2025-07-15', earliest: CENTER_OPENED, reference: null });
      return new Map(checks.map((c) => [c.name, c]));
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  }

  it('passes on the computed rows', async () => {
    const checks = await checksWith('SELECT 1');
    const ours = [...checks.values()].filter((c) => /^(enum|range|unique|orphans|dates):(customer_analytics|customers)\./.test(c.name));
    expect(ours.map((c) => c.name)).toEqual(expect.arrayContaining([
      'enum:customer_analytics.visit_frequency', 'enum:customer_analytics.churn_risk', 'enum:customer_analytics.churn_probability',
      'enum:customer_analytics.most_used_service', 'range:customer_analytics.consistency_score', 'range:customer_analytics.retention_score',
      'range:customer_analytics.ltv_estimate', 'range:customers.total_visits', 'range:customers.average_visit_interval',
    ]));
    expect(ours.filter((c) => c.status !== 'pass')).toEqual([]);
  });

  it.each([
    ['visit_frequency', `'daily'`, 'enum:customer_analytics.visit_frequency', /"daily" × 1/],
    ['churn_risk', `'extreme'`, 'enum:customer_analytics.churn_risk', /"extreme" × 1/],
    ['churn_probability', '50', 'enum:customer_analytics.churn_probability', /"50" × 1/],
    ['most_used_service', `'마사지'`, 'enum:customer_analytics.most_used_service', /"마사지" × 1/],
    ['consistency_score', '101', 'range:customer_analytics.consistency_score', /1 row\(s\) hold a value outside 0–100: analytics_id \d+ = 101/],
    ['retention_score', '-1', 'range:customer_analytics.retention_score', /outside 0–100: analytics_id \d+ = -1/],
    ['ltv_estimate', '-5', 'range:customer_analytics.ltv_estimate', /outside ≥ 0: analytics_id \d+ = -5\.00/],
  ])('fails when %s = %s', async (column, bad, check, detail) => {
    const checks = await checksWith(`UPDATE customer_analytics SET ${column} = ${bad} WHERE customer_id = 1`);
    expect(checks.get(check)).toMatchObject({ status: 'fail', detail: expect.stringMatching(detail) });
  });
});
