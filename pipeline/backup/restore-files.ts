// `npm run restore -- --from DIR`: a file backup (export-files.ts) back into an empty database, in one
// transaction. A pg_dump goes through pg_restore --single-transaction; COPY files through the same
// migrations the source had, then COPY FROM per table (parents first) and the sequences as they were.

import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EtlError } from '../errors.ts';
import { maskUrl } from '../database.ts';
import { migrationNames } from '../migrate.ts';
import { migrateInsideTransaction } from '../migrate-in-transaction.ts';
import { countRows, quoteName, quoteQualified } from '../table-catalog.ts';
import { DUMP_FILE, MANIFEST, type BackupManifest } from './export-files.ts';
import { findPgTool, runPgTool, serverMajor } from './pg-tools.ts';

export interface FileRestoreSummary {
  format: BackupManifest['format'];
  tables: { table: string; rows: number }[];
}

export function readManifest(dir: string): BackupManifest {
  const path = join(dir, MANIFEST);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  } catch (cause) {
    throw new EtlError('BACKUP_FILE_INVALID', `no readable ${MANIFEST} in the backup folder`, { place: { file: path }, cause, hint: 'pass the folder `npm run backup` wrote (aibio-backup-…)' });
  }
  if (manifest.formatVersion !== 1 || (manifest.format !== 'pg_dump' && manifest.format !== 'copy') || !Array.isArray(manifest.tables)) {
    throw new EtlError('BACKUP_FILE_INVALID', `${MANIFEST} is not a backup manifest this version understands`, { place: { file: path } });
  }
  const missing = manifest.format === 'pg_dump' ? [DUMP_FILE] : manifest.tables.map((t) => t.file ?? '?');
  const absent = missing.filter((f) => !existsSync(join(dir, f)));
  if (absent.length) throw new EtlError('BACKUP_FILE_INVALID', `the backup folder is missing ${absent.join(', ')}`, { place: { file: dir }, hint: 'copy the whole folder' });
  return manifest;
}

export async function restoreFromFiles(client: ClientBase, url: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<FileRestoreSummary> {
  const manifest = readManifest(dir);
  await assertEmpty(client, url);
  if (manifest.format === 'pg_dump') {
    const major = await serverMajor(client);
    const pgRestore = await findPgTool('pg_restore', major, env);
    if (!pgRestore || major !== manifest.serverMajor) {
      throw new EtlError('BACKUP_TOOL_FAILED', `this backup is a PostgreSQL ${manifest.serverMajor} dump; it needs that server and its pg_restore (found server ${major}, pg_restore ${pgRestore ? major : 'none'})`, {
        hint: `install the PostgreSQL ${manifest.serverMajor} client tools, or restore onto a PostgreSQL ${manifest.serverMajor} server`,
      });
    }
    await runPgTool(pgRestore, ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', join(dir, DUMP_FILE)], url, env);
  } else {
    await restoreCopyFiles(client, manifest, dir);
  }
  const tables = [];
  for (const { table, rows } of manifest.tables) {
    const found = await countRows(client, table);
    if (found !== rows) throw new EtlError('BACKUP_FILE_INVALID', `${table} holds ${found} rows after the restore, the manifest says ${rows}`, { place: { file: dir } });
    tables.push({ table, rows });
  }
  return { format: manifest.format, tables };
}

async function restoreCopyFiles(client: ClientBase, manifest: BackupManifest, dir: string): Promise<void> {
  const known = migrationNames();
  if (manifest.migrations.some((name, i) => known[i] !== name)) {
    throw new EtlError('BACKUP_FILE_INVALID', `the backup was made with migrations this version does not have in that order (${manifest.migrations.at(-1)})`, {
      place: { file: join(dir, MANIFEST) },
      hint: 'restore it with the version of this project that made it',
    });
  }
  await client.query('BEGIN');
  try {
    await migrateInsideTransaction(client, { count: manifest.migrations.length });
    for (const entry of manifest.tables) {
      const columns = (entry.columns ?? []).map(quoteName).join(', ');
      await pipeline(createReadStream(join(dir, entry.file!)), client.query(copyFrom(`COPY ${quoteQualified(entry.table)} (${columns}) FROM STDIN`)));
    }
    for (const { sequence, lastValue } of manifest.sequences ?? []) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [sequence, lastValue ?? 1, lastValue !== null]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** A file restore recreates the schema: it goes only into a database with no tables of ours. */
async function assertEmpty(client: ClientBase, url: string): Promise<void> {
  const [row] = (
    await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'etl', 'staging', 'backup')`,
    )
  ).rows;
  if (row!.n > 0) {
    throw new EtlError('RESTORE_TARGET_NOT_EMPTY', `the database already holds ${row!.n} table(s); a file backup is restored only into an empty database, so nothing was changed`, {
      hint: `create a new database (createdb) and point DATABASE_URL at it, or for the embedded server set AIBIO_DATA_DIR to a new folder; the current one is ${maskUrl(url)}`,
    });
  }
}
