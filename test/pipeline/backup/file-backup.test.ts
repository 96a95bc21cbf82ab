// File backups that outlive the database: `npm run backup` (pg_dump where one of the server's version is
// installed, COPY files otherwise) and `npm run restore -- --from DIR` into an empty database, compared
// table by table and sequence by sequence with the original.

import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../pipeline/errors.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { findPgTool, toolMajor } from '../../../pipeline/backup/pg-tools.ts';
import { exportBackup } from '../../../pipeline/backup/export-files.ts';
import { restoreFromFiles } from '../../../pipeline/backup/restore-files.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { sequences, snapshotSchemas, tablesOf } from '../../helpers/snapshot-all.ts';

const SAMPLE = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');
/** Everything a file backup carries: the migration log's timestamps are not. */
const NOT_CARRIED = ['public.pgmigrations'];

async function migrationNamesIn(db: TestDatabase): Promise<string[]> {
  return (await db.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id')).map((r) => r.name);
}

describe('file backups', () => {
  let source: TestDatabase;
  const targets: TestDatabase[] = [];

  beforeAll(async () => {
    source = await createTestDatabase();
    await load(source, customers, SAMPLE);
    await source.query(`INSERT INTO kit_receipts (customer_id, kit_type, serial_number, receipt_date) VALUES (7, '유기산', 'BD100001', '2024-03-05')`);
    await source.query(`INSERT INTO marketing_leads (name, phone, status, converted_customer_id) VALUES ('김유입', '010-1234-5678', 'converted', 9)`);
    await source.query(`INSERT INTO etl.match_review (run_id, source, file, line, name, reason, candidate_ids) VALUES ('manual', 'kits', 'kits.csv', 4, '이키트', 'AMBIGUOUS', '{11,12}')`);
  });
  afterAll(async () => {
    await source?.drop();
    for (const t of targets) await t.drop();
  });

  async function emptyTarget(): Promise<TestDatabase> {
    const target = await createTestDatabase({ migrated: false });
    targets.push(target);
    return target;
  }

  it.each(['pg_dump', 'copy'] as const)('--format %s: the backup restores into an empty database with every table and sequence equal', async (format) => {
    const out = tempDir();
    const backup = await runCli(['backup', '--out', out, '--format', format], { DATABASE_URL: source.url });
    expect(backup.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(backup.code).toBe(EXIT.ok);
    const [dir] = readdirSync(out).map((d) => join(out, d));
    expect(statSync(dir!).mode & 0o077).toBe(0); // personal data: readable by its owner only
    for (const f of readdirSync(dir!)) expect(statSync(join(dir!, f)).mode & 0o077).toBe(0);
    expect(existsSync(join(dir!, format === 'pg_dump' ? 'database.dump' : 'public.customers.copy'))).toBe(true);

    const target = await emptyTarget();
    const restored = await runCli(['restore', '--from', dir!], { DATABASE_URL: target.url });
    expect(restored.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(restored.code).toBe(EXIT.ok);
    expect(await tablesOf(target, ['public', 'etl', 'staging'])).toEqual(await tablesOf(source, ['public', 'etl', 'staging']));
    expect(await snapshotSchemas(target, ['public', 'etl'], NOT_CARRIED)).toEqual(await snapshotSchemas(source, ['public', 'etl'], NOT_CARRIED));
    expect(await migrationNamesIn(target)).toEqual(await migrationNamesIn(source));
    expect(await sequences(target)).toEqual(await sequences(source));
  });

  it('auto takes pg_dump when one of the server major version is installed, COPY files otherwise', async () => {
    const out = tempDir();
    const result = await runCli(['backup', '--out', out], { DATABASE_URL: source.url });
    expect(result.code).toBe(EXIT.ok);
    const [{ v }] = (await source.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)) as [{ v: string }];
    const installed = await findPgTool('pg_dump', Math.floor(Number(v) / 10000));
    expect(result.stdout).toContain(installed ? '(pg_dump, custom format)' : '(COPY files)');
  });

  it('finds a tool only when its major version matches', async () => {
    expect(toolMajor('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)')).toBe(15);
    expect(toolMajor('pg_dump (PostgreSQL) 9.6.24')).toBe(9);
    const bin = mkdtempSync(join(tempDir(), 'bin-'));
    writeFileSync(join(bin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 99.1"\n');
    chmodSync(join(bin, 'pg_dump'), 0o755);
    expect(await findPgTool('pg_dump', 99, { ...process.env, AIBIO_PG_BIN: bin })).toBe(join(bin, 'pg_dump'));
    expect(await findPgTool('pg_dump', 98, { ...process.env, AIBIO_PG_BIN: bin })).toBeNull();
  });

  /** A COPY-format backup of the source, made in-process. */
  async function copyBackup(): Promise<string> {
    const client = await source.client();
    try {
      return (await exportBackup(client, source.url, { outDir: tempDir(), format: 'copy' })).dir;
    } finally {
      await client.end();
    }
  }

  async function restoreInto(target: TestDatabase, dir: string): Promise<unknown> {
    const client = await target.client();
    try {
      return await restoreFromFiles(client, target.url, dir);
    } catch (error) {
      return error;
    } finally {
      await client.end();
    }
  }

  it('refuses to restore into a database that already has tables, and changes nothing', async () => {
    const dir = await copyBackup();
    const before = await snapshotSchemas(source, ['public', 'etl']);
    expect(await restoreInto(source, dir)).toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY', message: expect.stringContaining('empty database') });
    expect(await snapshotSchemas(source, ['public', 'etl'])).toEqual(before);
  });

  it('says what is wrong with a folder that is not a complete backup, and leaves the target empty', async () => {
    const dir = await copyBackup();
    rmSync(join(dir, 'public.kit_receipts.copy'));
    const target = await emptyTarget();
    expect(await restoreInto(target, dir)).toMatchObject({ code: 'BACKUP_FILE_INVALID', message: expect.stringContaining('public.kit_receipts.copy') });
    expect(await restoreInto(target, tempDir())).toMatchObject({ code: 'BACKUP_FILE_INVALID', message: expect.stringContaining('manifest.json') });
    expect(await tablesOf(target, ['public', 'etl', 'staging', 'backup'])).toEqual([]);
  });

  it('rolls back a COPY restore that breaks halfway, leaving the target empty', async () => {
    const dir = await copyBackup();
    writeFileSync(join(dir, 'public.kit_receipts.copy'), 'not\ta\tkit\n');
    const target = await emptyTarget();
    expect(await restoreInto(target, dir)).toMatchObject({ code: '22P02' });
    expect(await tablesOf(target, ['public', 'etl', 'staging', 'backup'])).toEqual([]);
  });
});
