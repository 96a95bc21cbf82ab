// Snapshots of every final table (public and etl; not staging, which is scratch) for the fault tests:
// after a crash the database must hold exactly the state before the run or exactly the state after it.
// Each table is summed up server-side as the md5 of its rows' text in a fixed order, so a snapshot is a
// few short strings however big the tables are.

import type { TestDatabase } from './db.ts';

/** Table name → a digest of all its rows. */
export type TablesText = Record<string, string>;

/** Columns that say when a row was written, not what it holds. */
export const WRITE_TIMES = ['created_at', 'updated_at', 'started_at', 'finished_at'];

/**
 * etl.* tables record runs (every row carries its run_id); the others hold the data a load changes.
 * etl.adopted_tables records the schema the migrations found, not a run.
 */
const isRunTable = (table: string) => table.startsWith('etl.') && table !== 'etl.adopted_tables';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Columns per table, read once per database (information_schema is slow, and the schema does not change). */
const columnsCache = new WeakMap<TestDatabase, Promise<Map<string, string[]>>>();

function tableColumns(db: TestDatabase): Promise<Map<string, string[]>> {
  let columns = columnsCache.get(db);
  if (!columns) columnsCache.set(db, (columns = readColumns(db)));
  return columns;
}

async function readColumns(db: TestDatabase): Promise<Map<string, string[]>> {
  const rows = await db.query<{ t: string; c: string }>(
    `SELECT c.table_schema || '.' || c.table_name AS t, c.column_name AS c
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema IN ('public', 'etl') AND t.table_type = 'BASE TABLE' AND c.table_name <> 'pgmigrations'
      ORDER BY 1, c.ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const { t, c } of rows) tables.set(t, [...(tables.get(t) ?? []), c]);
  return tables;
}

async function tableText(db: TestDatabase, table: string, columns: readonly string[], where = 'true', params: unknown[] = []): Promise<string> {
  const [row] = await db.query<{ digest: string }>(
    `SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS digest
       FROM (SELECT ${columns.map(quote).join(', ')} FROM ${table} WHERE ${where}) x`,
    params,
  );
  return row!.digest;
}

/** Key → digest of that row without write times, for counting the rows two states differ in. */
export async function rowDigests(db: TestDatabase, table: string, key: string): Promise<Map<string, string>> {
  const columns = ((await tableColumns(db)).get(table) ?? []).filter((c) => !WRITE_TIMES.includes(c));
  const rows = await db.query<{ key: string; digest: string }>(
    `SELECT ${quote(key)}::text AS key, md5(x::text) AS digest FROM (SELECT ${columns.map(quote).join(', ')} FROM ${table}) x`,
  );
  return new Map(rows.map((r) => [r.key, r.digest]));
}

async function collect(db: TestDatabase, pick: (table: string) => boolean, omit: readonly string[], where?: string, params?: unknown[]): Promise<TablesText> {
  const out: TablesText = {};
  for (const [table, columns] of await tableColumns(db)) {
    if (pick(table)) out[table] = await tableText(db, table, columns.filter((c) => !omit.includes(c)), where, params);
  }
  return out;
}

/** Every row of every final table, every column. */
export const snapshotAll = (db: TestDatabase) => collect(db, () => true, []);

/** Every final table, and the runs etl.runs knows. */
export interface Snapshot {
  tables: TablesText;
  runIds: string[];
}

export async function snapshot(db: TestDatabase): Promise<Snapshot> {
  return { tables: await snapshotAll(db), runIds: (await runIds(db)).map((r) => r.run_id) };
}

/** The tables a load changes, without write times. */
export const dataTables = (db: TestDatabase) => collect(db, (t) => !isRunTable(t), WRITE_TIMES);

/** The rows one run added to the etl tables, without run id or times: what any run of the same load adds. */
// etl.undo_log's entry ids count every entry ever written, and its row images carry the rows' write times:
// what the run logged is compared by table, operation and keys.
export const runRows = (db: TestDatabase, runId: string) => collect(db, isRunTable, ['run_id', 'entry_id', 'image', 'review_id', 'xid', ...WRITE_TIMES], 'run_id = $1', [runId]);

/** The etl tables without the rows of the given runs. */
const runHistory = (db: TestDatabase, exceptRuns: readonly string[]) => collect(db, isRunTable, [], 'run_id <> ALL($1)', [exceptRuns]);

async function runIds(db: TestDatabase): Promise<{ run_id: string; status: string }[]> {
  return db.query('SELECT run_id, status FROM etl.runs');
}

/** What one committed load of a file leaves behind: the data tables and the rows its run added. */
export interface LoadOutcome {
  data: TablesText;
  runRows: TablesText;
}

/** Runs `load` and returns what it left behind, with the run it added. */
export async function recordLoad(db: TestDatabase, load: () => Promise<unknown>): Promise<LoadOutcome> {
  const known = new Set((await runIds(db)).map((r) => r.run_id));
  await load();
  const added = (await runIds(db)).filter((r) => !known.has(r.run_id));
  if (added.length !== 1) throw new Error(`expected one new run, found ${added.length}`);
  return { data: await dataTables(db), runRows: await runRows(db, added[0]!.run_id) };
}

const same = (a: TablesText, b: TablesText) => JSON.stringify(a) === JSON.stringify(b);

/**
 * 'before' when nothing at all changed; 'after' when exactly one committed run was added, the data
 * tables are those `after` describes, that run added exactly the rows `after`'s run did, and the
 * earlier runs' rows are untouched; anything else is 'mixed'.
 */
export async function classifyState(db: TestDatabase, before: Snapshot, after: LoadOutcome): Promise<'before' | 'after' | 'mixed'> {
  if (same(await snapshotAll(db), before.tables)) return 'before';
  const added = (await runIds(db)).filter((r) => !before.runIds.includes(r.run_id));
  if (added.length !== 1 || added[0]!.status !== 'committed') return 'mixed';
  const history = await runHistory(db, [added[0]!.run_id]);
  const beforeHistory = Object.fromEntries(Object.entries(before.tables).filter(([t]) => isRunTable(t)));
  const ok = same(history, beforeHistory) && same(await dataTables(db), after.data) && same(await runRows(db, added[0]!.run_id), after.runRows);
  return ok ? 'after' : 'mixed';
}
