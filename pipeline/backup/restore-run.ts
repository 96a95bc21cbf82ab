// `npm run restore -- <runId>`: undoes a run from its undo log (undo-log.ts), inside the caller's
// transaction. Only what the run changed is touched: rows it inserted are deleted, rows it updated or
// deleted are put back as they were; the app's rows and changes made outside any run stay. The runs
// logged after the target are undone first, newest first (with --undo-later-runs), since the target's
// log describes the tables as that run left them. The restore logs its own changes, so it can be undone.
//
// For each run and table, the first thing the run did to each row decides (the log holds one entry per
// statement; a row can be updated twice, or deleted and inserted again): first inserted → delete it;
// first updated or deleted → its image from before is the row to put back. A row someone else changed,
// deleted or wrote since the run (its xmin is not the run's) is the app's now: it is left as it is and
// counted in `kept`. The writes go in an order no foreign key can object to: rows put back parents
// first, then rows reset, then rows deleted children first — refusing, with nothing changed, if a row to
// delete is pointed at by a row no run wrote.

import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';
import { countRows, orderParentsFirst, primaryKey, quoteName, quoteQualified, referencesTo, tableColumns, tableSequences, type QualifiedName } from '../table-catalog.ts';
import { finishUndoLog, listUndoLogs, startUndoLog, type UndoTableSummary } from './undo-log.ts';

export interface RestoreOptions {
  /** The run whose "before" state comes back. */
  targetRunId: string;
  /** The id of this restore, under which its own changes are logged. */
  runId: string;
  keep: number;
  /** Also undo the committed runs after the target (otherwise refused). */
  undoLaterRuns: boolean;
}

export interface RestoreSummary {
  targetRunId: string;
  /**
   * Each table the undone runs changed: its row count before and after the restore, and the rows left as
   * they are because someone else (the app) changed them after the run.
   */
  tables: { table: QualifiedName; before: number; after: number; kept: number }[];
  /** Committed runs after the target whose changes this restore undid. */
  laterRuns: string[];
  /** What this restore changed (its own undo log). */
  undo: UndoTableSummary[];
}

interface LoggedRun {
  run_id: string;
  schema_version: string;
  xid: string;
}

export async function restoreRun(client: ClientBase, options: RestoreOptions): Promise<RestoreSummary> {
  const runs = await loggedRunsFrom(client, options.targetRunId);
  if (runs.length === 0) throw await undoLogNotFound(client, options.targetRunId);
  const laterRuns = runs.slice(1).map((r) => r.run_id);
  if (laterRuns.length > 0 && !options.undoLaterRuns) {
    throw new EtlError('RESTORE_LATER_RUNS', `${laterRuns.length} committed run(s) came after ${options.targetRunId} (${laterRuns.join(', ')}); restoring it undoes them too`, {
      hint: `restore the latest of them first, or pass --undo-later-runs to go back to before ${options.targetRunId}`,
    });
  }
  await checkSchema(client, runs, options.targetRunId);

  await startUndoLog(client, options.runId, { keep: options.keep, protect: runs.map((r) => r.run_id) });
  const touched = await loggedTables(client, runs.map((r) => r.run_id));
  const before = new Map<QualifiedName, number>();
  for (const table of touched) before.set(table, await countRows(client, table));
  const kept = new Map<QualifiedName, number>();
  for (const run of [...runs].reverse()) {
    for (const [table, n] of await undoRun(client, run)) kept.set(table, (kept.get(table) ?? 0) + n);
  }
  const tables: RestoreSummary['tables'] = [];
  for (const table of touched) {
    await moveSequencesPastIds(client, table);
    tables.push({ table, before: before.get(table) ?? 0, after: await countRows(client, table), kept: kept.get(table) ?? 0 });
  }
  return { targetRunId: options.targetRunId, tables, laterRuns, undo: await finishUndoLog(client, options.runId) };
}

/** The target and every run logged after it that committed, oldest first; [] when the target has no log. */
async function loggedRunsFrom(client: ClientBase, runId: string): Promise<LoggedRun[]> {
  const { rows } = await client.query<LoggedRun>(
    `SELECT u.run_id, u.schema_version, u.xid::text
       FROM etl.undo_runs u JOIN etl.runs r ON r.run_id = u.run_id AND r.status = 'committed'
      WHERE (u.started_at, u.run_id) >= (SELECT started_at, run_id FROM etl.undo_runs WHERE run_id = $1)
      ORDER BY u.started_at, u.run_id`,
    [runId],
  );
  return rows[0]?.run_id === runId ? rows : [];
}

async function loggedTables(client: ClientBase, runIds: readonly string[]): Promise<QualifiedName[]> {
  const { rows } = await client.query<{ t: string }>(`SELECT DISTINCT table_name AS t FROM etl.undo_log WHERE run_id = ANY($1)`, [runIds]);
  return orderParentsFirst(client, rows.map((r) => r.t));
}

/** Undoes one run's logged changes, table by table in foreign-key order; returns the rows kept per table. */
async function undoRun(client: ClientBase, run: LoggedRun): Promise<Map<QualifiedName, number>> {
  const tables = await loggedTables(client, [run.run_id]);
  const plans = [];
  for (const table of tables) plans.push(await firstChanges(client, run, table));
  for (const plan of plans) await putBack(client, plan);
  for (const plan of plans) await reset(client, plan);
  for (const plan of [...plans].reverse()) await deleteInserted(client, plan);
  const kept = new Map<QualifiedName, number>();
  for (const plan of plans) {
    // changed by someone else since, or deleted by someone else since (the run left it there)
    const [row] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${plan.keys} WHERE present AND NOT ours OR (NOT present AND op <> 'I' AND last_op <> 'D')`)).rows;
    kept.set(plan.table, row!.n);
    await client.query(`DROP TABLE ${plan.keys}`);
  }
  return kept;
}

interface TablePlan {
  table: QualifiedName;
  /** Its own temp table of keys: `undo_keys_<n>`. */
  keys: string;
  key: string[];
  columns: string[];
}

let planNumber = 0;

/**
 * Per row of `table` the run touched: its key, what the run did to it first (with the row as it was
 * before) and last, whether it is there now, and whether it is still as the run (or this restore,
 * undoing later runs) left it.
 */
async function firstChanges(client: ClientBase, run: LoggedRun, table: QualifiedName): Promise<TablePlan> {
  const runId = run.run_id;
  const key = await primaryKey(client, table);
  if (key.length === 0) throw new EtlError('BACKUP_SCHEMA_CHANGED', `${table} has no primary key any more; run ${runId} cannot be undone row by row`, { hint: 'give it its primary key back, or restore from a file backup (npm run restore -- --from DIR)' });
  const columns = (await tableColumns(client, table)).filter((c) => !c.generated).map((c) => c.name);
  const keys = `undo_keys_${++planNumber}`;
  const target = quoteQualified(table);
  const literal = (k: string) => `'${k.replace(/'/g, "''")}'`;
  const keyFromImage = `jsonb_build_object(${key.map((k) => `${literal(k)}, l.image -> ${literal(k)}`).join(', ')})`;
  // an inserted key as logged: the value itself for a one-column key, an array of the values for several
  const keyFromLogged = key.length === 1 ? `jsonb_build_object(${literal(key[0]!)}, k)` : `jsonb_build_object(${key.map((c, i) => `${literal(c)}, k -> ${i}`).join(', ')})`;
  await client.query(
    `CREATE TEMP TABLE ${keys} ON COMMIT DROP AS
     SELECT ${key.map((k) => `r.${quoteName(k)}`).join(', ')}, f.op, f.last_op, f.image, false AS put_back, false AS present, false AS ours
       FROM (SELECT DISTINCT ON (e.key) e.key, e.op, e.image,
                    last_value(e.op) OVER (PARTITION BY e.key ORDER BY e.entry_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_op
               FROM (SELECT l.entry_id, 'I' AS op, ${keyFromLogged} AS key, NULL::jsonb AS image
                       FROM etl.undo_log l CROSS JOIN LATERAL jsonb_array_elements(l.keys) k
                      WHERE l.run_id = $1 AND l.table_name = $2 AND l.op = 'I'
                     UNION ALL
                     SELECT l.entry_id, l.op, ${keyFromImage}, l.image
                       FROM etl.undo_log l
                      WHERE l.run_id = $1 AND l.table_name = $2 AND l.op <> 'I') e
              ORDER BY e.key, e.entry_id) f
      CROSS JOIN LATERAL jsonb_populate_record(NULL::${target}, f.key) r`,
    [runId, table],
  );
  // xmin is the 32-bit id of the transaction that wrote the row version: the run's, or this restore's.
  await client.query(
    `UPDATE ${keys} k SET present = true, ours = t.xmin::text::bigint IN ($1::bigint % 4294967296, txid_current() % 4294967296)
       FROM ${target} t WHERE ${key.map((c) => `t.${quoteName(c)} = k.${quoteName(c)}`).join(' AND ')}`,
    [run.xid],
  );
  await client.query(`ANALYZE ${keys}`);
  return { table, keys, key, columns };
}

const matchKey = (plan: TablePlan, left: string, right: string) => plan.key.map((k) => `${left}.${quoteName(k)} = ${right}.${quoteName(k)}`).join(' AND ');

/** Rows that were there before the run and that the run deleted: inserted again as they were. */
async function putBack(client: ClientBase, plan: TablePlan): Promise<void> {
  const target = quoteQualified(plan.table);
  await client.query(`UPDATE ${plan.keys} SET put_back = true WHERE op <> 'I' AND last_op = 'D' AND NOT present`);
  const list = plan.columns.map(quoteName).join(', ');
  await client.query(
    `INSERT INTO ${target} (${list}) OVERRIDING SYSTEM VALUE
     SELECT ${plan.columns.map((c) => `r.${quoteName(c)}`).join(', ')}
       FROM ${plan.keys} k CROSS JOIN LATERAL jsonb_populate_record(NULL::${target}, k.image) r
      WHERE k.put_back`,
  );
}

/** Rows the run updated (or deleted and inserted again) that are there as it left them: set back to how they were. */
async function reset(client: ClientBase, plan: TablePlan): Promise<void> {
  const target = quoteQualified(plan.table);
  const settable = plan.columns.filter((c) => !plan.key.includes(c));
  if (settable.length === 0) return;
  await client.query(
    `UPDATE ${target} t
        SET (${settable.map(quoteName).join(', ')}) = (SELECT ${settable.map((c) => `r.${quoteName(c)}`).join(', ')} FROM jsonb_populate_record(t, k.image) r)
       FROM ${plan.keys} k
      WHERE k.op <> 'I' AND k.present AND k.ours AND ${matchKey(plan, 't', 'k')}`,
  );
}

/** Rows the run inserted, still as it left them: deleted, unless a row no run wrote points at one (then nothing is restored). */
async function deleteInserted(client: ClientBase, plan: TablePlan): Promise<void> {
  const target = quoteQualified(plan.table);
  const blockers: string[] = [];
  const references = (await referencesTo(client, plan.table)).sort((a, b) => a.child.localeCompare(b.child));
  for (const ref of references) {
    const [row] = (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${quoteQualified(ref.child)} c
           JOIN ${plan.keys} k ON k.op = 'I' AND k.present AND k.ours AND c.${quoteName(ref.column)} = k.${quoteName(ref.parentColumn)}`,
      )
    ).rows;
    if (row!.n > 0) blockers.push(`${row!.n} row(s) of ${ref.child}`);
  }
  if (blockers.length > 0) {
    throw new EtlError('RESTORE_BLOCKED', `${blockers.join(' and ')} point at ${plan.table} rows the run added, and no run wrote them (the app did, after the run); undoing it would delete or orphan them; nothing was restored`, {
      hint: 'move or remove those rows in the app first, or restore from a file backup (npm run restore -- --from DIR)',
    });
  }
  await client.query(`DELETE FROM ${target} t USING ${plan.keys} k WHERE k.op = 'I' AND k.present AND k.ours AND ${matchKey(plan, 't', 'k')}`);
}

/** Sequences never go back: each is set past the highest id there now, or left where it is if already past. */
async function moveSequencesPastIds(client: ClientBase, table: QualifiedName): Promise<void> {
  for (const { column, sequence } of await tableSequences(client, table)) {
    await client.query(
      `SELECT setval($1::regclass, GREATEST((SELECT last_value FROM ${sequence}), (SELECT COALESCE(max(${quoteName(column)}), 0) FROM ${quoteQualified(table)}), 1))`,
      [sequence],
    );
  }
}

/** A log taken under another schema would put rows back without the columns added since: refused. */
async function checkSchema(client: ClientBase, runs: readonly LoggedRun[], runId: string): Promise<void> {
  const [row] = (await client.query<{ name: string | null }>(`SELECT name FROM public.pgmigrations ORDER BY run_on DESC, id DESC LIMIT 1`)).rows;
  const current = row?.name ?? '';
  const moved = runs.find((r) => r.schema_version !== current);
  if (moved) {
    throw new EtlError('BACKUP_SCHEMA_CHANGED', `run ${moved.run_id} was logged under migration ${moved.schema_version || '(none)'}, the schema is now at ${current}; undoing it now would not be exact; nothing was changed`, {
      hint: `a migration ran since; roll it back with \`npm run migrate -- down --count N\` first, or restore a later run than ${runId}`,
    });
  }
}

async function undoLogNotFound(client: ClientBase, runId: string): Promise<EtlError> {
  const available = (await listUndoLogs(client)).slice(0, 5).map((b) => `${b.runId} (${b.command ?? 'no run record'})`);
  return new EtlError('BACKUP_NOT_FOUND', `no undo log of run ${JSON.stringify(runId)} in this database (it changed nothing, failed, or is older than the runs kept)`, {
    hint: available.length ? `the newest runs you can undo are ${available.join(', ')}; see them all with \`npm run restore -- --list\`` : 'no run has changed anything here yet',
  });
}
