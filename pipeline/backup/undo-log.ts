// What a run keeps so it can be undone: not a copy of the database, but the change itself. Setting
// etl.undo_run for the run's transaction turns on the undo triggers of migration 0508, which record the
// keys of the rows the run inserts and the rows it updates or deletes as they were (etl.undo_log).
// Only the newest runs' logs are kept (AIBIO_BACKUP_KEEP, default 10); a run that changed nothing keeps
// nothing. `npm run restore` replays a log backwards (restore-run.ts); `npm run backup` still writes a full
// pg_dump of the database to files (export-files.ts).

import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';

/** How many runs' undo logs stay in the database; older ones are dropped by the next run (AIBIO_BACKUP_KEEP). */
export const DEFAULT_BACKUP_KEEP = 10;

export interface UndoTableSummary {
  table: string;
  inserted: number;
  updated: number;
  deleted: number;
}

export interface UndoSummary {
  runId: string;
  /** Per table the run changed: how many rows it inserted, updated and deleted (what restore puts back). */
  tables: UndoTableSummary[];
  /** Runs whose logs this run dropped, keeping the newest `keep`. */
  pruned: string[];
  keep: number;
}

export function backupKeep(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AIBIO_BACKUP_KEEP?.trim();
  if (!raw) return DEFAULT_BACKUP_KEEP;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new EtlError('CONFIG_INVALID', `AIBIO_BACKUP_KEEP must be a whole number ≥ 1, not ${JSON.stringify(raw)}`, {
      hint: `unset it to keep the last ${DEFAULT_BACKUP_KEEP} runs' undo logs`,
    });
  }
  return n;
}

/**
 * Turns the undo log on for the rest of the caller's transaction, under `runId`, and drops the logs of
 * runs older than the newest `keep` (and the protected ones). Returns the runs dropped.
 */
export async function startUndoLog(client: ClientBase, runId: string, options: { keep: number; protect?: readonly string[] }): Promise<string[]> {
  await client.query(`SELECT set_config('etl.undo_run', $1, true)`, [runId]);
  await client.query(
    `INSERT INTO etl.undo_runs (run_id, schema_version)
     SELECT $1, coalesce((SELECT name FROM public.pgmigrations ORDER BY run_on DESC, id DESC LIMIT 1), '')`,
    [runId],
  );
  return pruneUndoLogs(client, options.keep, [runId, ...(options.protect ?? [])]);
}

/** What the run logged, per table; a run that logged nothing leaves no etl.undo_runs row either. */
export async function finishUndoLog(client: ClientBase, runId: string): Promise<UndoTableSummary[]> {
  const { rows } = await client.query<UndoTableSummary>(
    `SELECT table_name AS table,
            coalesce(sum(jsonb_array_length(keys)) FILTER (WHERE op = 'I'), 0)::int AS inserted,
            (count(*) FILTER (WHERE op = 'U'))::int AS updated,
            (count(*) FILTER (WHERE op = 'D'))::int AS deleted
       FROM etl.undo_log WHERE run_id = $1 GROUP BY table_name ORDER BY table_name`,
    [runId],
  );
  if (rows.length === 0) await client.query(`DELETE FROM etl.undo_runs WHERE run_id = $1`, [runId]);
  return rows;
}

/** Drops every undo log but the newest `keep` runs' (and the protected ones). Returns the runs dropped. */
export async function pruneUndoLogs(client: ClientBase, keep: number, protect: readonly string[] = []): Promise<string[]> {
  const old = await client.query<{ run_id: string }>(`SELECT run_id FROM etl.undo_runs ORDER BY started_at DESC, run_id DESC OFFSET $1`, [keep]);
  const dropped = old.rows.map((r) => r.run_id).filter((id) => !protect.includes(id));
  if (dropped.length === 0) return [];
  await client.query(`DELETE FROM etl.undo_log WHERE run_id = ANY($1)`, [dropped]);
  await client.query(`DELETE FROM etl.undo_runs WHERE run_id = ANY($1)`, [dropped]);
  return dropped;
}

export interface StoredUndo {
  runId: string;
  takenAt: Date;
  command: string | null;
  tables: number;
  rows: number;
}

/** The runs that can be undone, newest first, with what each changed and its command. */
export async function listUndoLogs(client: ClientBase): Promise<StoredUndo[]> {
  const rows = await client.query<{ run_id: string; started_at: Date; command: string | null; tables: number; rows: string }>(
    `SELECT u.run_id, u.started_at, r.command,
            (SELECT count(DISTINCT l.table_name) FROM etl.undo_log l WHERE l.run_id = u.run_id)::int AS tables,
            (SELECT coalesce(sum(CASE WHEN l.op = 'I' THEN jsonb_array_length(l.keys) ELSE 1 END), 0) FROM etl.undo_log l WHERE l.run_id = u.run_id) AS rows
       FROM etl.undo_runs u LEFT JOIN etl.runs r ON r.run_id = u.run_id
      WHERE r.status IS DISTINCT FROM 'failed'
      ORDER BY u.started_at DESC, u.run_id DESC`,
  );
  return rows.rows.map((r) => ({ runId: r.run_id, takenAt: r.started_at, command: r.command, tables: r.tables, rows: Number(r.rows) }));
}
