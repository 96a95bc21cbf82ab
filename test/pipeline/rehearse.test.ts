// `pipeline:all --rehearse` (issue 15): the whole migration and load on a copy of the center's database,
// with the report a real run would give (adoptions, conflicts, review, counts), and the target left byte
// for byte as it was — compared as full pg_dumps before and after.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { EXIT } from '../../pipeline/errors.ts';
import { findPgTool, toolConnection } from '../../pipeline/backup/pg-tools.ts';
import { createAppDatabase, LEDGER } from '../helpers/app-database.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/load.ts';
import { withClient } from '../../pipeline/database.ts';

/** A plain-text pg_dump of everything (schema and rows); the per-dump `\restrict` key left out. */
async function dumpOf(url: string): Promise<string> {
  const pgDump = await findPgTool('pg_dump', 15);
  if (!pgDump) throw new Error('the rehearsal needs pg_dump 15 (postgresql-client-15), which .ci/run installs');
  const connection = toolConnection(url);
  const result = spawnSync(pgDump, ['--format=plain', `--dbname=${connection.url}`], { env: connection.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.replace(/^\\(un)?restrict .*$/gm, '');
}

async function rehearsalDatabases(): Promise<string[]> {
  return withClient(inject('adminUrl'), async (c) => (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'aibio\\_rehearsal\\_%'`)).rows.map((r) => r.datname));
}

describe('pipeline:all --rehearse', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    await createAppDatabase(db);
  });
  afterAll(async () => db?.drop());

  it('loads a copy of the database, reports what the real run would do, and leaves the target exactly as it was', async () => {
    const before = await dumpOf(db.url);
    const reports = tempDir('aibio-rehearsal-');
    const reportPath = join(reports, 'rehearsal.json');
    const result = await runCli(['all', '--rehearse', '--reports-dir', reports, '--report', reportPath], { DATABASE_URL: db.url }, { timeoutMs: 120_000 });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/^REHEARSAL on a copy of postgres:\/\/\S+, which was not written/m);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      status: string;
      command: string;
      rehearsal: { target: string; copy: string };
      sources: Record<string, { merge: Record<string, number>; details: Record<string, unknown> }>;
      safety: { verification: { status: string }[] };
    };
    expect(report).toMatchObject({ status: 'committed', command: 'pipeline:all --rehearse' });
    expect(report.rehearsal.copy).toMatch(/aibio_rehearsal_/);
    expect(report.sources.customers!.merge).toMatchObject({ adopted: 1, inserted: 945, duplicates: 4 });
    expect(report.sources.customers!.details.adoptions).toEqual([{ ledgerNumber: LEDGER.adopted.ledgerNumber, customerId: 2, evidence: 'name+phone' }]);
    expect((report.sources.customers!.details.conflicts as unknown[]).length).toBeGreaterThan(0);
    expect(report.safety.verification.filter((c) => c.status === 'fail')).toEqual([]);
    // the target: not migrated, not loaded, not a byte different; the copy is gone
    expect(await dumpOf(db.url)).toBe(before);
    expect(await rehearsalDatabases()).toEqual([]);
  });
});
