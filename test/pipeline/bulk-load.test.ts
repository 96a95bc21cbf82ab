// A load large enough for the bulk path (etl.bulk_begin / bulk_end, migrations 0501–0502: indexes and
// foreign keys dropped, then rebuilt and checked once) must give exactly the tables the row-by-row path
// gives, and leave every index and constraint as it found them. The same generated ledgers go into two
// databases: one as it comes, one with `etl.bulk_min_rows` raised so that no write takes the bulk path.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../pipeline/sources/customers.ts';
import { sessions } from '../../pipeline/sources/sessions.ts';
import { generateLargeCustomers, sampleCustomers } from '../../samples/generator/cli.ts';
import { generateLargeUsageSheets } from '../../samples/generator/sessions.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../helpers/db.ts';
import { load, tempDir } from '../helpers/load.ts';
import { restoreBeforeRun } from '../../pipeline/safety-commands.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const BUDGET = { budget: { maxRejects: 1_000_000, maxRejectRatio: 1 }, now: NOW };
/** The final tables both loads write; serial ids and write times are left out of the comparison. */
const TABLES = ['customers', 'customer_preferences', 'customer_analytics', 'service_sessions', 'etl.match_review'];
const BULK_TABLES = ['customers', 'customer_preferences', 'customer_analytics', 'service_sessions'];

/** Every index and constraint definition of the final tables: what the bulk path must put back. */
async function schemaOf(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ d: string }>(
    `SELECT c.relname || ': ' || pg_get_indexdef(i.indexrelid) AS d FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname = ANY($1)
     UNION ALL
     SELECT c.relname || ': ' || k.conname || ' ' || pg_get_constraintdef(k.oid) || (CASE WHEN k.convalidated THEN '' ELSE ' NOT VALID' END)
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE c.relname = ANY($1)
     ORDER BY 1`,
    [BULK_TABLES],
  );
  return rows.map((r) => r.d);
}

/** Index oids: an index the bulk path rebuilt has a new one. */
async function indexOids(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ name: string; oid: number }>(
    `SELECT i.indexrelid::regclass::text AS name, i.indexrelid::int AS oid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relname = ANY($1) AND NOT i.indisunique`,
    [BULK_TABLES],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.oid]));
}

async function ignoredColumns(db: TestDatabase, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE (table_schema || '.' || table_name = $1 OR (table_schema = 'public' AND table_name = $1))
        AND (column_default LIKE 'nextval%' OR column_name IN ('created_at', 'updated_at', 'run_id'))`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

describe('a load large enough for the bulk path', () => {
  let bulk: TestDatabase;
  let rowByRow: TestDatabase;
  let schemaBefore: string[];
  let oidsBefore: Record<string, number>;
  const reports: Record<string, unknown>[] = [];
  const runIds: Record<'bulk' | 'rowByRow', string[]> = { bulk: [], rowByRow: [] };

  beforeAll(async () => {
    const dir = tempDir();
    const ledger = join(dir, 'customers.csv');
    await generateLargeCustomers(ledger, 12_000, 'utf-8', 5);
    const sheets = generateLargeUsageSheets(tempDir(), sampleCustomers(), 8_000, 'utf-8', 5);
    [bulk, rowByRow] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await rowByRow.query(`ALTER DATABASE ${rowByRow.name} SET etl.bulk_min_rows = 1000000000`);
    schemaBefore = await schemaOf(bulk);
    oidsBefore = await indexOids(bulk);
    for (const [name, db] of [['bulk', bulk], ['rowByRow', rowByRow]] as const) {
      const runs = [await load(db, customers, ledger, BUDGET), await load(db, sessions, sheets, BUDGET)];
      runIds[name] = runs.map((r) => r.runId);
      const loaded = [runs[0]!.sources.customers!, runs[1]!.sources.sessions!];
      reports.push(Object.fromEntries(loaded.map((s) => [s.source, { merge: s.merge, rejected: s.rejected, skipped: s.skipped }])));
    }
  }, 180_000);

  afterAll(async () => {
    await bulk?.drop();
    await rowByRow?.drop();
  });

  it('is large enough: more than 10,000 customers and sessions, and the bulk path rebuilt their indexes', async () => {
    const { customers: c, sessions: s } = (
      await bulk.query<{ customers: number; sessions: number }>(
        `SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM service_sessions)::int AS sessions`,
      )
    )[0]!;
    expect(c).toBeGreaterThan(10_000);
    expect(s).toBeGreaterThan(10_000);
    const oidsAfter = await indexOids(bulk);
    expect(Object.keys(oidsAfter).sort()).toEqual(Object.keys(oidsBefore).sort());
    for (const name of Object.keys(oidsBefore)) expect(oidsAfter[name], name).not.toBe(oidsBefore[name]);
    expect(await indexOids(rowByRow)).toEqual(oidsBefore);
  });

  it('gives the same tables and the same counts as the row-by-row path', async () => {
    expect(reports[0]).toEqual(reports[1]);
    for (const table of TABLES) {
      const ignore = await ignoredColumns(bulk, table);
      expect(await snapshotTable(bulk, table, ignore), table).toBe(await snapshotTable(rowByRow, table, ignore));
    }
  });

  it('logs the same undo either way: the keys of every row the runs inserted, and what they updated', async () => {
    const logged = (db: TestDatabase, runId: string) =>
      db.query(
        `SELECT table_name, op, CASE WHEN op = 'I' THEN (SELECT jsonb_agg(k ORDER BY k::bigint) FROM jsonb_array_elements(jsonb_agg(keys)) e,
                  jsonb_array_elements(e) k) END AS keys, count(*) FILTER (WHERE op <> 'I')::int AS images
           FROM etl.undo_log WHERE run_id = $1 GROUP BY table_name, op ORDER BY 1, 2`,
        [runId],
      );
    for (const i of [0, 1]) expect(await logged(bulk, runIds.bulk[i]!)).toEqual(await logged(rowByRow, runIds.rowByRow[i]!));
  });

  it('puts back every index and constraint, and the foreign keys hold again', async () => {
    expect(await schemaOf(bulk)).toEqual(schemaBefore);
    await expect(
      bulk.query(`INSERT INTO service_sessions (customer_id, session_date, service, match_status, source_file, source_line, line_seq, sheet_layout)
                  VALUES (999999999, '2025-01-02', '레드', 'matched', 'x.csv', 1, 1, 6)`),
    ).rejects.toMatchObject({ code: '23503' });
  });

  it('undoes the bulk loads exactly: restore of the first run (and the one after it) empties every table again', async () => {
    const client = await bulk.client();
    try {
      const summary = await restoreBeforeRun(client, runIds.bulk[0]!, { undoLaterRuns: true });
      expect(summary.laterRuns).toEqual([runIds.bulk[1]]);
    } finally {
      await client.end();
    }
    for (const table of TABLES) expect(await bulk.query(`SELECT count(*)::int AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
  });
});
