// `npm run restore -- <runId>`: puts every final table back exactly as it was before that run, from the
// backup the run took. Inside the caller's transaction: the current state is backed up first (so a
// restore can itself be undone), children are emptied before parents, parents filled before children.

import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';
import { finalTableSet, quoteName, quoteQualified, tableColumns, tableSequences, type QualifiedName } from '../table-catalog.ts';
import { backupRef, listBackups, takeBackup, type BackupSummary } from './take-backup.ts';

export interface RestoreOptions {
  /** The run whose "before" state comes back. */
  targetRunId: string;
  /** The id of this restore, under which the current state is backed up first. */
  runId: string;
  keep: number;
  /** Also undo the committed runs after the target (otherwise refused). */
  undoLaterRuns: boolean;
}

export interface RestoreSummary {
  targetRunId: string;
  tables: { table: QualifiedName; before: number; after: number }[];
  /** Committed runs after the target whose changes this restore undid. */
  laterRuns: string[];
  backup: BackupSummary;
}

interface StoredTable {
  source_table: QualifiedName;
  backup_table: string;
  row_count: string;
}

export async function restoreRun(client: ClientBase, options: RestoreOptions): Promise<RestoreSummary> {
  const stored = await client.query<StoredTable>(
    `SELECT source_table, backup_table, row_count FROM etl.backups WHERE run_id = $1 ORDER BY position`,
    [options.targetRunId],
  );
  if (stored.rows.length === 0) throw await backupNotFound(client, options.targetRunId);
  const laterRuns = await committedRunsAfter(client, options.targetRunId);
  if (laterRuns.length > 0 && !options.undoLaterRuns) {
    throw new EtlError('RESTORE_LATER_RUNS', `${laterRuns.length} committed run(s) came after ${options.targetRunId} (${laterRuns.join(', ')}); restoring it undoes them too`, {
      hint: `restore the latest of them first, or pass --undo-later-runs to go back to before ${options.targetRunId}`,
    });
  }
  const tables = await finalTableSet(client);
  await checkSameTables(client, stored.rows, tables, options.targetRunId);

  const backup = await takeBackup(client, options.runId, { keep: options.keep, protect: [options.targetRunId] });
  const before = new Map(backup.tables.map((t) => [t.table, t.rows]));
  for (const table of [...tables].reverse()) await client.query(`DELETE FROM ${quoteQualified(table)}`);
  const restored: RestoreSummary['tables'] = [];
  // Parents first in today's foreign keys (checkSameTables made sure the backup has exactly these tables).
  for (const row of tables.map((t) => stored.rows.find((s) => s.source_table === t)!)) {
    const columns = (await tableColumns(client, row.source_table)).filter((c) => !c.generated).map((c) => quoteName(c.name));
    const list = columns.join(', ');
    const inserted = await client.query(
      `INSERT INTO ${quoteQualified(row.source_table)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM ${backupRef(row.backup_table)}`,
    );
    restored.push({ table: row.source_table, before: before.get(row.source_table) ?? 0, after: inserted.rowCount ?? 0 });
    await moveSequencesPastIds(client, row.source_table);
  }
  return { targetRunId: options.targetRunId, tables: restored, laterRuns, backup };
}

/** Sequences never go back: each is set past the highest id restored, or left where it is if already past. */
async function moveSequencesPastIds(client: ClientBase, table: QualifiedName): Promise<void> {
  for (const { column, sequence } of await tableSequences(client, table)) {
    await client.query(
      `SELECT setval($1::regclass, GREATEST((SELECT last_value FROM ${sequence}), (SELECT COALESCE(max(${quoteName(column)}), 0) FROM ${quoteQualified(table)}), 1))`,
      [sequence],
    );
  }
}

/** Committed runs (loads and restores) that ended after the target did. */
async function committedRunsAfter(client: ClientBase, runId: string): Promise<string[]> {
  const rows = await client.query<{ run_id: string }>(
    `SELECT run_id FROM etl.runs
      WHERE status = 'committed' AND run_id <> $1
        AND finished_at > COALESCE((SELECT finished_at FROM etl.runs WHERE run_id = $1),
                                   (SELECT max(taken_at) FROM etl.backups WHERE run_id = $1))
      ORDER BY finished_at, run_id`,
    [runId],
  );
  return rows.rows.map((r) => r.run_id);
}

/** The backup must hold the same tables with the same columns as today's schema, or the restore would not be exact. */
async function checkSameTables(client: ClientBase, stored: readonly StoredTable[], current: readonly QualifiedName[], runId: string): Promise<void> {
  const storedNames = stored.map((s) => s.source_table);
  const missing = current.filter((t) => !storedNames.includes(t));
  const gone = storedNames.filter((t) => !current.includes(t));
  if (missing.length || gone.length) {
    const what = [missing.length ? `now has ${missing.join(', ')}` : '', gone.length ? `no longer has ${gone.join(', ')}` : ''].filter(Boolean).join(' and ');
    throw schemaChanged(runId, `the database ${what}, which the backup did not`);
  }
  for (const s of stored) {
    const live = (await tableColumns(client, s.source_table)).map((c) => c.name).sort();
    const saved = (await tableColumns(client, `backup.${s.backup_table}`)).map((c) => c.name).sort();
    if (live.join(',') !== saved.join(',')) {
      throw schemaChanged(runId, `${s.source_table} has columns (${live.join(', ')}) but the backup has (${saved.join(', ')})`);
    }
  }
}

function schemaChanged(runId: string, detail: string): EtlError {
  return new EtlError('BACKUP_SCHEMA_CHANGED', `the backup of run ${runId} no longer fits the schema: ${detail}; nothing was changed`, {
    hint: 'a migration ran since that backup; roll it back with `npm run migrate -- down --count N` first, or restore a later run',
  });
}

async function backupNotFound(client: ClientBase, runId: string): Promise<EtlError> {
  const available = (await listBackups(client)).slice(0, 5).map((b) => `${b.runId} (${b.command ?? 'no run record'})`);
  return new EtlError('BACKUP_NOT_FOUND', `no backup of run ${JSON.stringify(runId)} in this database`, {
    hint: available.length ? `the newest backups are ${available.join(', ')}; see them all with \`npm run restore -- --list\`` : 'no run has been backed up here yet',
  });
}
