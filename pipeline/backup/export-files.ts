// `npm run backup`: the database written to a folder that outlives it. With a pg_dump of the server's
// major version: one custom-format dump (the plan's pg_dump). Otherwise: one COPY file per table, the
// sequences, and the migrations applied. Both come with manifest.json (row counts) and RESTORE.txt.

import { chmodSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { EtlError } from '../errors.ts';
import { maskUrl } from '../database.ts';
import { appliedMigrations } from '../migrate.ts';
import { countRows, quoteName, quoteQualified, tableColumns, tablesInSchemas, type QualifiedName } from '../table-catalog.ts';
import { findPgTool, runPgTool, serverMajor } from './pg-tools.ts';

export const BACKUP_FORMATS = ['auto', 'pg_dump', 'copy'] as const;
export type BackupFormat = (typeof BACKUP_FORMATS)[number];

/** What a file backup carries: every table of these schemas but the migration log. */
export const EXPORTED_SCHEMAS = ['public', 'etl'] as const;
export const NOT_EXPORTED: readonly QualifiedName[] = ['public.pgmigrations'];
export const MANIFEST = 'manifest.json';
export const DUMP_FILE = 'database.dump';

export interface BackupManifest {
  format: 'pg_dump' | 'copy';
  formatVersion: 1;
  createdAt: string;
  /** The source database, password masked. */
  database: string;
  serverMajor: number;
  migrations: string[];
  tables: { table: QualifiedName; rows: number; file?: string; columns?: string[] }[];
  /** COPY format: each sequence's state (`lastValue` null when never used). */
  sequences?: { sequence: string; lastValue: string | null }[];
  dumpFile?: string;
}

export interface ExportOptions {
  outDir: string;
  format: BackupFormat;
  now?: Date;
  env?: NodeJS.ProcessEnv;
}

export async function exportBackup(client: ClientBase, url: string, options: ExportOptions): Promise<{ dir: string; manifest: BackupManifest }> {
  const now = options.now ?? new Date();
  const major = await serverMajor(client);
  const pgDump = options.format === 'copy' ? null : await findPgTool('pg_dump', major, options.env);
  if (options.format === 'pg_dump' && !pgDump) {
    throw new EtlError('BACKUP_TOOL_FAILED', `no pg_dump of PostgreSQL ${major} found (AIBIO_PG_BIN, /usr/lib/postgresql/${major}/bin, PATH)`, {
      hint: `install the PostgreSQL ${major} client tools, or use --format copy`,
    });
  }
  const dir = join(options.outDir, `aibio-backup-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // One snapshot for the counts and (COPY format) the data, so they describe the same moment.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let manifest: BackupManifest;
  try {
    const tables = await tablesInSchemas(client, EXPORTED_SCHEMAS, NOT_EXPORTED);
    manifest = {
      format: pgDump ? 'pg_dump' : 'copy',
      formatVersion: 1,
      createdAt: now.toISOString(),
      database: maskUrl(url),
      serverMajor: major,
      migrations: await appliedMigrations(client),
      tables: [],
    };
    if (pgDump) {
      manifest.dumpFile = DUMP_FILE;
      for (const table of tables) manifest.tables.push({ table, rows: await countRows(client, table) });
      // pg_dump reads the very snapshot the counts were taken in, while this transaction stays open.
      const [snapshot] = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows;
      await runPgTool(
        pgDump,
        ['--format=custom', `--file=${join(dir, DUMP_FILE)}`, `--snapshot=${snapshot!.id}`, '--exclude-table-data=staging.*'],
        url,
        options.env,
      );
      chmodSync(join(dir, DUMP_FILE), 0o600);
    } else {
      for (const table of tables) manifest.tables.push(await copyTable(client, table, dir));
      manifest.sequences = await sequenceStates(client);
    }
  } finally {
    await client.query('ROLLBACK');
  }
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'RESTORE.txt'), restoreInstructions(manifest, dir), { mode: 0o600 });
  return { dir, manifest };
}

async function copyTable(client: ClientBase, table: QualifiedName, dir: string): Promise<BackupManifest['tables'][number]> {
  const columns = (await tableColumns(client, table)).filter((c) => !c.generated).map((c) => c.name);
  const file = `${table}.copy`;
  const copy = client.query(copyTo(`COPY ${quoteQualified(table)} (${columns.map(quoteName).join(', ')}) TO STDOUT`));
  await pipeline(copy, createWriteStream(join(dir, file), { mode: 0o600 }));
  // The server's own count of the rows it sent (`COPY n`): no second scan of the table.
  return { table, rows: copy.rowCount, file, columns };
}

async function sequenceStates(client: ClientBase): Promise<NonNullable<BackupManifest['sequences']>> {
  const rows = await client.query<{ sequence: string; last_value: string | null }>(
    `SELECT schemaname || '.' || sequencename AS sequence, last_value::text FROM pg_sequences WHERE schemaname = ANY($1) ORDER BY 1`,
    [EXPORTED_SCHEMAS],
  );
  return rows.rows.map((r) => ({ sequence: r.sequence, lastValue: r.last_value }));
}

function restoreInstructions(manifest: BackupManifest, dir: string): string {
  const what = manifest.format === 'pg_dump' ? `a pg_dump (custom format) of PostgreSQL ${manifest.serverMajor}` : 'one COPY file per table';
  return [
    `AIBIO backup of ${manifest.database}, ${manifest.createdAt}: ${what}.`,
    `Tables: ${manifest.tables.map((t) => `${t.table} (${t.rows})`).join(', ')}.`,
    '',
    'To restore, into an EMPTY database (a new one, or a new embedded data folder):',
    `  DATABASE_URL=postgres://USER:PASSWORD@HOST/NEWDB npm run restore -- --from ${dir}`,
    `  AIBIO_DATA_DIR=.data/restored npm run restore -- --from ${dir}      (embedded server)`,
    manifest.format === 'pg_dump'
      ? `Without this project: pg_restore --single-transaction --no-owner --dbname=NEWDB ${join(dir, DUMP_FILE)}`
      : 'The .copy files are PostgreSQL COPY text; manifest.json lists each file\'s columns and the sequences.',
    '',
  ].join('\n');
}
