// After the load, the tables the run changed are ANALYZEd (the server's own counter of manual ANALYZEs
// moves for them), and the tables it did not change are left alone.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../pipeline/sources/customers.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { load, tempDir } from '../helpers/load.ts';
import { writeChangedLedger } from '../helpers/ledger-variants.ts';

const SAMPLE = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');

async function analyzeCounts(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ t: string; n: string }>(
    `SELECT schemaname || '.' || relname AS t, analyze_count AS n FROM pg_stat_user_tables WHERE schemaname IN ('public', 'etl')`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

describe('ANALYZE after the load', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('analyzes the tables a first load filled, and only those', async () => {
    const before = await analyzeCounts(db);
    const report = await load(db, customers, SAMPLE);
    // customer_analytics: the statistics step writes the day's rows after every customers load.
    expect(report.safety!.analyzed).toEqual(['etl.undo_log', 'etl.warnings', 'public.customer_analytics', 'public.customer_preferences', 'public.customers']);
    const after = await analyzeCounts(db);
    for (const t of ['public.customers', 'public.customer_preferences', 'public.customer_analytics']) expect(after[t]).toBe((before[t] ?? 0) + 1);
    for (const t of ['public.kit_receipts', 'public.marketing_leads', 'public.service_sessions']) expect(after[t]).toBe(before[t] ?? 0);
  });

  it('leaves customers alone when a rerun changes nothing or a few rows, and analyzes it again when many change', async () => {
    const rerun = await load(db, customers, SAMPLE);
    expect(rerun.sources.customers!.merge).toMatchObject({ inserted: 0, updated: 0 });
    expect(rerun.safety!.analyzed).not.toContain('public.customers');
    // autovacuum's rule: 50 rows + 10% of the table's 946 is 144.6 changed rows
    const few = await load(db, customers, writeChangedLedger(tempDir(), { notesChanged: 10, added: 2 }));
    expect(few.sources.customers!.merge).toMatchObject({ inserted: 2, updated: 10 });
    expect(few.safety!.analyzed).not.toContain('public.customers');
    const many = await load(db, customers, writeChangedLedger(tempDir(), { notesChanged: 200, added: 2 }));
    expect(many.sources.customers!.merge).toMatchObject({ updated: 190 });
    expect(many.safety!.analyzed).toContain('public.customers');
  });
});
