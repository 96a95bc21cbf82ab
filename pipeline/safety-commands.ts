// The safety commands of the CLI: `verify` (the consistency monitor), `restore` (a run's backup, or a file
// backup), `backup` (a file backup). cli.ts parses the options and hands them over; commands that change
// the database pass the guard rails first.

import { join, resolve } from 'node:path';
import type pg from 'pg';
import { EXIT, EtlError } from './errors.ts';
import { databaseError, isDatabaseFailure, maskUrl, runLockWaitMs, withDatabase } from './database.ts';
import { PROJECT_ROOT } from './embedded-server.ts';
import { assertGuardsAllow } from './guard-rails.ts';
import { assertMigrated } from './migrate.ts';
import { newRunId, takeRunLock } from './run.ts';
import { quoteQualified } from './table-catalog.ts';
import { backupKeep, listUndoLogs } from './backup/undo-log.ts';
import { restoreRun, type RestoreSummary } from './backup/restore-run.ts';
import { BACKUP_FORMATS, exportBackup, type BackupFormat } from './backup/export-files.ts';
import { restoreFromFiles } from './backup/restore-files.ts';
import { verificationError } from './verify/checks.ts';
import { checkTotals, formatChecks } from './verify/format-checks.ts';
import { shortName } from './verify/report-checks.ts';
import { verifyDatabase } from './verify/verify-database.ts';

export const DEFAULT_BACKUP_DIR = join(PROJECT_ROOT, 'backups');

export interface SafetyValues {
  json?: boolean;
  out?: string;
  format?: string;
  from?: string;
  list?: boolean;
  'undo-later-runs'?: boolean;
  yes?: boolean;
  force?: boolean;
  quiet?: boolean;
}

const print = (text: string) => process.stdout.write(`${text}\n`);

export async function verifyCommand(values: SafetyValues): Promise<number> {
  return withDatabase(async (client, db) => {
    await assertMigrated(client);
    const { reference, checks } = await verifyDatabase(client);
    const against = reference ? `${reference.origin} ${reference.runId} (${reference.command})` : 'no committed run yet';
    if (values.json) {
      const ok = checks.every((c) => c.status !== 'fail');
      print(JSON.stringify({ ok, database: maskUrl(db.url), reference: reference && { runId: reference.runId, command: reference.command }, totals: checkTotals(checks), checks }, null, 2));
    } else {
      print(formatChecks(checks, `verification of ${maskUrl(db.url)} against ${against}`));
    }
    const failure = verificationError(checks, 'in the database');
    if (failure) throw failure;
    return EXIT.ok;
  });
}

export async function backupCommand(values: SafetyValues): Promise<number> {
  const format = (values.format ?? 'auto') as BackupFormat;
  if (!BACKUP_FORMATS.includes(format)) throw new EtlError('CLI_USAGE', `--format must be one of ${BACKUP_FORMATS.join(', ')}, not ${JSON.stringify(values.format)}`);
  const outDir = resolve(values.out ?? DEFAULT_BACKUP_DIR);
  return withDatabase(async (client, db) => {
    const { dir, manifest } = await exportBackup(client, db.url, { outDir, format });
    if (!values.quiet) {
      print(`backup of ${maskUrl(db.url)} written to ${dir} (${manifest.format === 'pg_dump' ? 'pg_dump, custom format' : 'COPY files'})`);
      for (const t of manifest.tables) print(`  ${t.table.padEnd(28)} ${t.rows} rows`);
      print(`restore into an empty database with: npm run restore -- --from ${dir}`);
    }
    return EXIT.ok;
  });
}

export async function restoreCommand(args: readonly string[], values: SafetyValues): Promise<number> {
  if (values.list) return listCommand();
  if (!values.from && !args[0]) {
    throw new EtlError('CLI_USAGE', 'restore needs a run id, --from DIR or --list', { hint: 'npm run restore -- --list shows the runs you can go back to' });
  }
  assertGuardsAllow({ env: process.env, yes: values.yes ?? false, force: values.force ?? false });
  if (values.from) {
    const dir = resolve(values.from);
    return withDatabase(async (client, db) => {
      const summary = await restoreFromFiles(client, db.url, dir);
      if (!values.quiet) {
        print(`restored ${dir} (${summary.format}) into ${maskUrl(db.url)}`);
        for (const t of summary.tables) print(`  ${t.table.padEnd(28)} ${t.rows} rows`);
      }
      return EXIT.ok;
    });
  }
  return withDatabase(async (client) => {
    const summary = await restoreBeforeRun(client, args[0]!, { undoLaterRuns: values['undo-later-runs'] ?? false });
    if (!values.quiet) print(formatRestore(summary));
    return EXIT.ok;
  });
}

/**
 * Under the run lock, in one transaction: the restore, ANALYZE of what it rewrote, and its own etl.runs
 * row (command `restore <runId>`), committed together or not at all.
 */
export async function restoreBeforeRun(
  client: pg.Client,
  targetRunId: string,
  options: { undoLaterRuns: boolean; env?: NodeJS.ProcessEnv },
): Promise<RestoreSummary & { runId: string }> {
  await assertMigrated(client);
  await takeRunLock(client);
  const keep = backupKeep(options.env);
  const startedAt = new Date();
  const runId = newRunId(startedAt);
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${runLockWaitMs(options.env)}`);
    const summary = await restoreRun(client, { targetRunId, runId, keep, undoLaterRuns: options.undoLaterRuns });
    for (const { table } of summary.tables) await client.query(`ANALYZE ${quoteQualified(table)}`);
    await client.query(
      `INSERT INTO etl.runs (run_id, command, sources, status, started_at, finished_at, report, table_counts)
       VALUES ($1, $2, '{}', 'committed', $3, now(), '{}', $4)`,
      [runId, `restore ${targetRunId}`, startedAt.toISOString(), JSON.stringify(Object.fromEntries(summary.tables.map((t) => [shortName(t.table), t.after])))],
    );
    await client.query('COMMIT');
    return { ...summary, runId };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw isDatabaseFailure(error) ? databaseError(error, 'the restore') : error;
  }
}

function formatRestore(summary: RestoreSummary & { runId: string }): string {
  const lines = [`restored the final tables to how they were before run ${summary.targetRunId} (restore run ${summary.runId})`];
  for (const t of summary.tables) {
    lines.push(`  ${t.table.padEnd(28)} ${String(t.before).padStart(7)} → ${t.after} rows${t.kept ? ` (${t.kept} left as the app changed them after the run)` : ''}`);
  }
  if (summary.laterRuns.length) lines.push(`  undid the later runs ${summary.laterRuns.join(', ')} as well`);
  lines.push(`this restore is itself logged: undo it with npm run restore -- ${summary.runId}`);
  lines.push('check the result with: npm run verify');
  return lines.join('\n');
}

async function listCommand(): Promise<number> {
  return withDatabase(async (client) => {
    await assertMigrated(client);
    const logs = await listUndoLogs(client);
    if (logs.length === 0) {
      print('no run to undo in this database yet: every run that changes rows logs what it changed');
      return EXIT.ok;
    }
    print(`runs you can undo (newest first; the last ${backupKeep()} are kept):`);
    for (const b of logs) print(`  ${b.runId}  ${b.takenAt.toISOString()}  ${String(b.rows).padStart(7)} rows changed in ${b.tables} tables  by: ${b.command ?? '?'}`);
    print('go back to before a run with: npm run restore -- <runId>');
    return EXIT.ok;
  });
}
