// The command line as a user meets it: the two commands work, failures print one line with a code and
// exit with the documented status, and no password is ever printed.

import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/load.ts';

describe('cli', () => {
  let db: TestDatabase;
  let unmigrated: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    unmigrated = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => {
    await db?.drop();
    await unmigrated?.drop();
  });

  it('pipeline:all migrates and loads the samples into the server DATABASE_URL names, and writes the report', async () => {
    const reportPath = join(tempDir(), 'run.json');
    const result = await runCli(['all', '--report', reportPath, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/customers\s+rowsRead 950 · inserted 946 · updated 0 · unchanged 0 · duplicates 4 · adopted 0 · review 0 · absorbed 0 · conflicts 0 · rejected 0/);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{4}$/);
    expect(report.sources.customers).toMatchObject({ rowsRead: 950, inserted: 946, updated: 0, unchanged: 0, duplicates: 4, rejected: 0 });
    expect(JSON.stringify(report)).not.toMatch(/010-\d{4}-\d{4}/);
  });

  it('a second run of one source reports 0 inserted, 0 updated', async () => {
    const result = await runCli(['customers', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/inserted 0 · updated 0 · unchanged 946/);
  });

  it.each([
    [['nosuch'], 2, 'SOURCE_UNKNOWN', /customers/],
    [['customers', '--file', '/nonexistent/고객.csv'], 3, 'FILE_NOT_FOUND', /\/nonexistent\/고객\.csv/],
    [['customers', '--encoding', 'euc-jp'], 2, 'CLI_USAGE', /utf-8/],
    [['customers', '--bogus'], 2, 'CLI_USAGE', /bogus/],
  ])('%j exits %d with %s on one line', async (args, status, code, detail) => {
    const result = await runCli([...args, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.code).toBe(status);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^${code}: `));
    expect(result.stderr).toMatch(detail);
  });

  it('refuses to load into a schema that is not migrated', async () => {
    const result = await runCli(['customers', '--reports-dir', tempDir()], { DATABASE_URL: unmigrated.url });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^MIGRATIONS_NOT_APPLIED: .*npm run migrate -- up/);
  });

  it('says the database is unreachable without printing its password', async () => {
    const result = await runCli(['customers', '--reports-dir', tempDir()], { DATABASE_URL: 'postgres://center:s3cret-pw@127.0.0.1:1/aibio' });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^DB_UNREACHABLE: .*postgres:\/\/center:\*\*\*\*@127\.0\.0\.1:1\/aibio/);
    expect(result.stderr + result.stdout).not.toContain('s3cret-pw');
  });

  it('says the password is wrong without printing it', async () => {
    const url = new URL(db.url);
    url.username = 'nosuchuser';
    url.password = 'wr0ng-pw';
    const result = await runCli(['customers', '--reports-dir', tempDir()], { DATABASE_URL: url.toString() });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^DB_(AUTH_FAILED|UNREACHABLE): /);
    expect(result.stderr).not.toContain('wr0ng-pw');
  });

  it('migrate down rolls everything back and up brings it back', async () => {
    const down = await runCli(['migrate', 'down'], { DATABASE_URL: db.url });
    expect(down.code).toBe(0);
    expect(await db.query(`SELECT to_regclass('public.customers') AS t`)).toEqual([{ t: null }]);
    const up = await runCli(['migrate', 'up'], { DATABASE_URL: db.url });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('0001_customers-base');
  });

  it('with no DATABASE_URL, starts the embedded PostgreSQL itself (fresh data folder) and loads the samples', async () => {
    const dataRoot = mkdtempSync(join(PROJECT_ROOT, '.data', 'cli-test-'));
    chmodSync(dataRoot, 0o755); // the postgres user must reach its data folder
    try {
      const env = { DATABASE_URL: '', AIBIO_DATA_DIR: join(dataRoot, 'pg') };
      const first = await runCli(['all', '--reports-dir', tempDir()], env);
      expect(first.stderr).not.toMatch(/^[A-Z_]+: /m);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/into embedded postgres:\/\/postgres@127\.0\.0\.1:\d+\/aibio/);
      expect(first.stdout).toMatch(/rowsRead 950 · inserted 946/);
      const second = await runCli(['all', '--reports-dir', tempDir()], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/inserted 0 · updated 0 · unchanged 946/);
      const status = await runCli(['db', 'status'], env);
      expect(status.stdout).toMatch(/not running/);
    } finally {
      rmSync(dataRoot, { recursive: true, force: true }); // a whole PostgreSQL data folder: not left behind, pass or fail
    }
  });
});
