// The benchmark's floor (bench/floor.ts) must reach the state the pipeline reached, or its time is the
// time of something else: every sample ledger loaded by the pipeline, dumped, reloaded by the floor into
// a fresh database — the same rows in every table (by the floor's digest and row for row), the same
// indexes, constraints and triggers afterwards; and the digest tells a database with one cell changed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differingTables, digestTables, dumpRunTables, reloadFloor, RUN_TABLES } from '../../bench/floor.ts';
import { findLedgers } from '../../pipeline/find-ledgers.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { SOURCES } from '../../pipeline/sources/index.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/load.ts';

let loaded: TestDatabase;
let floor: TestDatabase;
let reloaded: string[];

/** Indexes, constraints and triggers of the run tables, as definitions. */
async function schemaOf(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ d: string }>(
    `SELECT 'index ' || indexdef AS d FROM pg_indexes WHERE (schemaname || '.' || tablename) = ANY($1)
     UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) OR confrelid = ANY($1::regclass[])
     UNION ALL SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE tgrelid = ANY($1::regclass[]) AND NOT tgisinternal
     ORDER BY 1`,
    [RUN_TABLES],
  );
  return rows.map((r) => r.d);
}

beforeAll(async () => {
  loaded = await createTestDatabase();
  floor = await createTestDatabase();
  const found = await findLedgers(SAMPLES_DIR, SOURCES);
  await runPipeline({ command: 'test floor', sources: SOURCES, inputs: found.inputs, env: { DATABASE_URL: loaded.url }, reportsDir: tempDir() });
  const dumps = await dumpRunTables(loaded.url, tempDir('aibio-floor-'));
  reloaded = dumps.map((d) => d.table);
  await reloadFloor(floor.url, dumps);
});

afterAll(async () => {
  await loaded?.drop();
  await floor?.drop();
});

describe('the floor', () => {
  it('reloads every table the load left with rows, into the same rows', async () => {
    expect(reloaded).toEqual(expect.arrayContaining(['public.customers', 'public.customer_preferences', 'public.customer_analytics', 'public.service_sessions', 'public.payments', 'etl.match_review']));
    expect(differingTables(await digestTables(loaded.url, reloaded), await digestTables(floor.url, reloaded))).toEqual([]);
    for (const table of ['customers', 'service_sessions', 'etl.match_review']) expect(await snapshotTable(floor, table)).toBe(await snapshotTable(loaded, table));
  });

  it('leaves the indexes, constraints and triggers as the migrations made them', async () => {
    expect(await schemaOf(floor)).toEqual(await schemaOf(loaded));
  });

  it("tells a database with one cell changed from the pipeline's", async () => {
    await floor.query(`UPDATE customers SET notes = coalesce(notes, '') || '.' WHERE customer_id = (SELECT min(customer_id) FROM customers)`);
    expect(differingTables(await digestTables(loaded.url, reloaded), await digestTables(floor.url, reloaded))).toEqual(['public.customers']);
  });
});
