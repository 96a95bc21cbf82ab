// Whole-database snapshots for the safety tests: every table of the given schemas, full contents, so
// "left every table as it was" and "restored exactly" are compared row for row.

import { snapshotTable, type TestDatabase } from './db.ts';

export const FINAL = ['customers', 'customer_preferences', 'customer_analytics', 'marketing_leads', 'kit_receipts', 'etl.match_review'];

/** Table names (`public.customers`, `etl.runs` …) of the schemas, sorted. */
export async function tablesOf(db: TestDatabase, schemas: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ t: string }>(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1`,
    [schemas],
  );
  return rows.map((r) => r.t);
}

/** table → snapshot, for every table of the schemas but `except` (names quoted: backup tables carry run ids). */
export async function snapshotSchemas(db: TestDatabase, schemas: readonly string[], except: readonly string[] = []): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tablesOf(db, schemas)) {
    if (!except.includes(table)) out[table] = await snapshotQuoted(db, table);
  }
  return out;
}

/** Like snapshotTable, for any `schema.table`: every row, ordered by every column, as JSON. */
async function snapshotQuoted(db: TestDatabase, table: string): Promise<string> {
  const [schema, name] = table.split(/\.(.*)/s) as [string, string];
  const columns = await db.query<{ c: string }>(
    `SELECT quote_ident(column_name) AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, name],
  );
  const list = columns.map((c) => c.c).join(', ');
  const rows = await db.query(`SELECT ${list} FROM ${`"${schema}"."${name.replace(/"/g, '""')}"`} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`);
  return JSON.stringify(rows);
}

export async function snapshotFinal(db: TestDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of FINAL) out[table] = await snapshotTable(db, table);
  return out;
}

/** Every sequence of public and etl with its position. */
export async function sequences(db: TestDatabase): Promise<Record<string, string | null>> {
  const rows = await db.query<{ s: string; v: string | null }>(
    `SELECT schemaname || '.' || sequencename AS s, last_value::text AS v FROM pg_sequences WHERE schemaname IN ('public', 'etl') ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.s, r.v]));
}
