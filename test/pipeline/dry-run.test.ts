// The rehearsal: `--dry-run` runs the whole pipeline — pending migrations, backup, loads, ANALYZE,
// verification — prints the same report marked as a rehearsal, and leaves every table of every schema as
// it was. The one trace it leaves on purpose is its own etl.runs row, status 'dry-run'.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COMPANION_TABLES, FINAL_TABLES } from '../../pipeline/final-tables.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../pipeline/errors.ts';
import { migrationNames } from '../../pipeline/migrate.ts';
import { customers } from '../../pipeline/sources/customers.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { load, tempDir } from '../helpers/load.ts';
import { snapshotSchemas, tablesOf } from '../helpers/snapshot-all.ts';
import { writeChangedLedger } from '../helpers/ledger-variants.ts';

const SCHEMAS = ['public', 'etl', 'staging', 'backup'];

/** Every table's contents; etl.runs without the rehearsal's own row (its one intended trace). */
async function everything(db: TestDatabase, rehearsal = ''): Promise<Record<string, string>> {
  const all = await snapshotSchemas(db, SCHEMAS, ['etl.runs']);
  all['etl.runs'] = JSON.stringify(await db.query(`SELECT * FROM etl.runs WHERE run_id <> $1 ORDER BY run_id`, [rehearsal]));
  return all;
}

function onlyRunId(reports: string): string {
  const dirs = readdirSync(reports);
  expect(dirs).toHaveLength(1);
  return dirs[0]!;
}

/** The summary's counters line for customers. */
function customersLine(stdout: string): string {
  return /customers\s+(rowsRead .*)/.exec(stdout)![1]!;
}

describe('--dry-run', () => {
  let db: TestDatabase;
  let rehearsed = '';
  beforeAll(async () => {
    db = await createTestDatabase();
    await load(db, customers, join(SAMPLES_DIR, '고객관리대장_전체고객.csv'));
  });
  afterAll(async () => db?.drop());

  it('rehearses a load that would change rows, reports it as a rehearsal, and leaves every table as it was', async () => {
    const input = tempDir();
    // enough changed rows (200 of 946) for ANALYZE to be worth it
    writeChangedLedger(input, { notesChanged: 200, added: 5 });
    const before = await everything(db);
    const reports = tempDir();
    const result = await runCli(['all', '--dry-run', '--input-dir', input, '--reports-dir', reports], { DATABASE_URL: db.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/^run \S+ rehearsed \(rolled back\) into /);
    rehearsed = customersLine(result.stdout);
    expect(rehearsed).toMatch(/^rowsRead 955 · inserted 5 · updated [1-9]\d* · /);
    expect(result.stdout).toContain('REHEARSAL (--dry-run)');
    expect(result.stdout).toMatch(/undo log: \d+ row changes in \d+ tables \(rolled back with the rehearsal\)/);
    expect(result.stdout).toMatch(/analyzed: .*customers/);
    expect(result.stdout).toMatch(/counts:customers\s+pass\s+951 rows; customers merged 951 in this run/);

    const runId = onlyRunId(reports);
    expect(await everything(db, runId)).toEqual(before);
    const report = JSON.parse(readFileSync(join(reports, runId, 'report.json'), 'utf8'));
    expect(report.status).toBe('dry-run');
    expect(report.safety.verification.length).toBeGreaterThan(10);
    const recorded = await db.query<{ status: string; verification: unknown[] }>(`SELECT status, verification FROM etl.runs WHERE run_id = $1`, [report.runId]);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.status).toBe('dry-run');
    expect(recorded[0]!.verification).toHaveLength(report.safety.verification.length);
  });

  it('rehearses a failing verification: the same failure as the real run, and still nothing changed', async () => {
    await db.query('ALTER TABLE kit_receipts DROP CONSTRAINT kit_receipts_customer_id_fkey');
    await db.query(`INSERT INTO kit_receipts (kit_id, customer_id, kit_type, serial_number) VALUES (90009, 77777, '유기산', 'BD777777')`);
    try {
      const before = await everything(db);
      const reports = tempDir();
      const result = await runCli(['all', '--dry-run', '--reports-dir', reports], { DATABASE_URL: db.url });
      expect(result.code).toBe(EXIT.verify);
      expect(result.stderr).toMatch(/^VERIFY_FAILED: .*orphans:kit_receipts\.customer_id/m);
      const runId = onlyRunId(reports);
      expect(await everything(db, runId)).toEqual(before);
      expect(await db.query(`SELECT status, error_code FROM etl.runs WHERE run_id = $1`, [runId])).toEqual([{ status: 'failed', error_code: 'VERIFY_FAILED' }]);
    } finally {
      await db.query('DELETE FROM kit_receipts WHERE kit_id = 90009');
      await db.query('ALTER TABLE kit_receipts ADD CONSTRAINT kit_receipts_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(customer_id)');
    }
  });

  it('on a database never migrated, rehearses the migrations too and leaves it empty', async () => {
    const empty = await createTestDatabase({ migrated: false });
    try {
      const reports = tempDir();
      const result = await runCli(['all', '--dry-run', '--reports-dir', reports], { DATABASE_URL: empty.url });
      expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
      expect(result.code).toBe(EXIT.ok);
      expect(result.stdout).toContain(`migrations rehearsed: ${migrationNames().join(', ')}`);
      expect(result.stdout).toMatch(/rowsRead 950 · inserted 946/);
      expect(await tablesOf(empty, [...SCHEMAS, 'public'])).toEqual([]);
      expect(await empty.query(`SELECT nspname FROM pg_namespace WHERE nspname IN ('etl', 'staging', 'backup')`)).toEqual([]);
      expect(JSON.parse(readFileSync(join(reports, onlyRunId(reports), 'report.json'), 'utf8')).status).toBe('dry-run');
    } finally {
      await empty.drop();
    }
  });

  it('a real run afterwards loads exactly what the rehearsal said it would', async () => {
    const input = tempDir();
    // enough changed rows (200 of 946) for ANALYZE to be worth it
    writeChangedLedger(input, { notesChanged: 200, added: 5 });
    const before = await snapshotTable(db, 'customers');
    const result = await runCli(['all', '--input-dir', input, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/^run \S+ loaded into /);
    expect(customersLine(result.stdout)).toBe(rehearsed);
    expect(await snapshotTable(db, 'customers')).not.toBe(before);
  });
});
