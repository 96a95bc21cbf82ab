// The backup every run takes before its first merge: each final table copied with CREATE TABLE AS into
// schema `backup` (`backup."20250606T120000Z-ab12_customers"`) and listed in etl.backups, inside the run's
// transaction — so it exists exactly when the run committed. Only the newest runs' backups are kept.

import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';
import { finalTableSet, quoteName, quoteQualified, type QualifiedName } from '../table-catalog.ts';

/** How many runs' backups stay in the database; older ones are dropped by the next run (AIBIO_BACKUP_KEEP). */
export const DEFAULT_BACKUP_KEEP = 10;
/** How long a run waits for the center's app to finish writing to a final table before giving up. */
const TABLE_LOCK_WAIT = '15s';

export interface BackupTable {
  table: QualifiedName;
  backupTable: string;
  rows: number;
}

export interface BackupSummary {
  runId: string;
  tables: BackupTable[];
  /** Runs whose backups this run dropped, keeping the newest `keep`. */
  pruned: string[];
  keep: number;
}

export function backupKeep(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AIBIO_BACKUP_KEEP?.trim();
  if (!raw) return DEFAULT_BACKUP_KEEP;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new EtlError('CONFIG_INVALID', `AIBIO_BACKUP_KEEP must be a whole number ≥ 1, not ${JSON.stringify(raw)}`, {
      hint: `unset it to keep the last ${DEFAULT_BACKUP_KEEP} runs' backups`,
    });
  }
  return n;
}

/** `backup."<runId>_customers"`, `backup."<runId>_etl_match_review"`; hashed if it would pass 63 bytes. */
export function backupTableName(runId: string, table: QualifiedName): string {
  const [schema, name] = table.split('.') as [string, string];
  const base = `${runId}_${schema === 'public' ? name : `${schema}_${name}`}`;
  if (Buffer.byteLength(base) <= 63) return base;
  return `${runId}_${createHash('sha1').update(table).digest('hex').slice(0, 16)}`;
}

/** The quoted reference to a table in schema backup. */
export function backupRef(backupTable: string): string {
  return `backup.${quoteName(backupTable)}`;
}

/** Keeps other writers off the final tables until the run ends, so the backup is the state the merge starts from. */
export async function lockTables(client: ClientBase, tables: readonly QualifiedName[], wait: string = TABLE_LOCK_WAIT): Promise<void> {
  if (tables.length === 0) return;
  try {
    await client.query(`SET LOCAL lock_timeout = '${wait}'`);
    await client.query(`LOCK TABLE ${tables.map(quoteQualified).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    await client.query('SET LOCAL lock_timeout = 0');
  } catch (cause) {
    if ((cause as { code?: string }).code !== '55P03') throw cause;
    throw new EtlError('TABLES_BUSY', `another session kept writing to the final tables for more than ${wait}; nothing was changed`, {
      cause,
      hint: "run it again when the center's app is idle (outside business hours)",
    });
  }
}

export async function takeBackup(client: ClientBase, runId: string, options: { keep: number; protect?: readonly string[] }): Promise<BackupSummary> {
  const tables = await finalTableSet(client);
  await lockTables(client, tables);
  const taken: BackupTable[] = [];
  for (const [position, table] of tables.entries()) {
    const backupTable = backupTableName(runId, table);
    const created = await client.query(`CREATE TABLE ${backupRef(backupTable)} AS TABLE ${quoteQualified(table)}`);
    const rows = created.rowCount ?? 0;
    await client.query(
      `INSERT INTO etl.backups (run_id, position, source_table, backup_table, row_count) VALUES ($1, $2, $3, $4, $5)`,
      [runId, position, table, backupTable, rows],
    );
    taken.push({ table, backupTable, rows });
  }
  const pruned = await pruneBackups(client, options.keep, [runId, ...(options.protect ?? [])]);
  return { runId, tables: taken, pruned, keep: options.keep };
}

/** Drops every backup but the newest `keep` runs' (and the protected ones). Returns the runs dropped. */
export async function pruneBackups(client: ClientBase, keep: number, protect: readonly string[] = []): Promise<string[]> {
  const old = await client.query<{ run_id: string }>(
    `SELECT run_id FROM etl.backups GROUP BY run_id ORDER BY max(taken_at) DESC, run_id DESC OFFSET $1`,
    [keep],
  );
  const dropped = old.rows.map((r) => r.run_id).filter((id) => !protect.includes(id));
  for (const runId of dropped) {
    const tables = await client.query<{ backup_table: string }>(`SELECT backup_table FROM etl.backups WHERE run_id = $1`, [runId]);
    for (const { backup_table } of tables.rows) await client.query(`DROP TABLE IF EXISTS ${backupRef(backup_table)}`);
    await client.query(`DELETE FROM etl.backups WHERE run_id = $1`, [runId]);
  }
  return dropped;
}

export interface StoredBackup {
  runId: string;
  takenAt: Date;
  command: string | null;
  tables: number;
  rows: number;
}

/** The backups in the database, newest first, with the command of the run that took each. */
export async function listBackups(client: ClientBase): Promise<StoredBackup[]> {
  const rows = await client.query<{ run_id: string; taken_at: Date; command: string | null; tables: number; rows: string }>(
    `SELECT b.run_id, max(b.taken_at) AS taken_at, max(r.command) AS command, count(*)::int AS tables, sum(b.row_count) AS rows
       FROM etl.backups b LEFT JOIN etl.runs r ON r.run_id = b.run_id
      GROUP BY b.run_id ORDER BY max(b.taken_at) DESC, b.run_id DESC`,
  );
  return rows.rows.map((r) => ({ runId: r.run_id, takenAt: r.taken_at, command: r.command, tables: r.tables, rows: Number(r.rows) }));
}
