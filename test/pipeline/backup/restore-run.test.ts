// Backups taken by runs, and `npm run restore -- <runId>` on a real PostgreSQL: restoring a run gives back
// every final table exactly as it was before that run (full contents compared), refuses when later runs
// would be undone silently or the schema moved on, can itself be undone, and only the newest runs are kept.

import { join } from 'node:path';
import { COMPANION_TABLES, FINAL_TABLES } from '../../../pipeline/final-tables.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../pipeline/errors.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { backupTableName } from '../../../pipeline/backup/take-backup.ts';
import { restoreBeforeRun } from '../../../pipeline/safety-commands.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { snapshotFinal } from '../../helpers/snapshot-all.ts';
import { writeChangedLedger } from '../../helpers/ledger-variants.ts';

const SAMPLE = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');

async function backedUpRuns(db: TestDatabase): Promise<string[]> {
  return (await db.query<{ run_id: string }>('SELECT DISTINCT run_id FROM etl.backups ORDER BY 1')).map((r) => r.run_id);
}

async function backupSchemaTables(db: TestDatabase): Promise<string[]> {
  return (await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'backup' ORDER BY 1`)).map((r) => r.t);
}

describe('backup before every merge, and restore', () => {
  let db: TestDatabase;

  /** The restore in-process (the CLI path is exercised by the first tests); resolves to the error on failure. */
  async function restore(runId: string, undoLaterRuns = false) {
    const client = await db.client();
    try {
      return await restoreBeforeRun(client, runId, { undoLaterRuns });
    } catch (error) {
      return error as { code: string; message: string };
    } finally {
      await client.end();
    }
  }

  const states: Record<string, Record<string, string>> = {};
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    states.empty = await snapshotFinal(db);
    runs.first = (await load(db, customers, SAMPLE)).runId;
    // Between the runs the center's other sheets and app add rows that point at customers.
    await db.query(`INSERT INTO kit_receipts (customer_id, kit_type, serial_number, receipt_date) VALUES (1, '유기산', 'BD100001', '2024-03-05'), (2, '음식물과민증', 'BA200002', NULL)`);
    await db.query(`INSERT INTO marketing_leads (name, status, converted_customer_id, db_entry_date) VALUES ('김유입', 'converted', 3, '2024-02-01')`);
    await db.query(`INSERT INTO etl.match_review (run_id, source, file, line, name, reason) VALUES ('manual', 'kits', 'kits.csv', 4, '이키트', 'NO_MATCH')`);
    states.beforeSecond = await snapshotFinal(db);
    runs.second = (await load(db, customers, writeChangedLedger(tempDir(), { notesChanged: 25, added: 4 }))).runId;
    states.afterSecond = await snapshotFinal(db);
  });
  afterAll(async () => db?.drop());

  it('each committed run backed up every final table before merging, row for row', async () => {
    expect(await backedUpRuns(db)).toEqual([runs.first, runs.second].sort());
    expect(states.afterSecond!.customers).not.toBe(states.beforeSecond!.customers);
    const rows = await db.query<{ source_table: string; row_count: string }>('SELECT source_table, row_count FROM etl.backups WHERE run_id = $1 ORDER BY position', [runs.second]);
    expect(rows.map((r) => r.source_table)).toEqual([...FINAL_TABLES.map((t) => `public.${t.name}`), ...COMPANION_TABLES]);
    const backupOfCustomers = await db.query(`SELECT count(*)::int AS n FROM backup."${backupTableName(runs.second!, 'public.customers')}"`);
    expect(backupOfCustomers).toEqual([{ n: 946 }]);
  });

  it('`restore <second run>` gives back every final table exactly as it was before that run', async () => {
    const result = await runCli(['restore', runs.second!], { DATABASE_URL: db.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/public\.customers\s+950 → 946 rows/);
    expect(await snapshotFinal(db)).toEqual(states.beforeSecond);
    runs.restore = /restore run (\S+)\)/.exec(result.stdout)![1]!;
    const [record] = await db.query<{ command: string; status: string; table_counts: Record<string, number> }>('SELECT command, status, table_counts FROM etl.runs WHERE run_id = $1', [runs.restore]);
    expect(record).toMatchObject({ command: `restore ${runs.second}`, status: 'committed', table_counts: { customers: 946, kit_receipts: 2 } });
  });

  it('moved the sequences past the restored ids, so new rows never collide', async () => {
    const [kit] = await db.query<{ kit_id: number }>(`INSERT INTO kit_receipts (customer_id, kit_type, serial_number) VALUES (4, '유기산', 'BD300003') RETURNING kit_id`);
    expect(kit!.kit_id).toBeGreaterThan(2);
    const [customer] = await db.query<{ customer_id: number }>(`INSERT INTO customers (name) VALUES ('박새로') RETURNING customer_id`);
    expect(customer!.customer_id).toBeGreaterThan(2004);
    await db.query('DELETE FROM kit_receipts WHERE kit_id = $1', [kit!.kit_id]);
    await db.query('DELETE FROM customers WHERE customer_id = $1', [customer!.customer_id]);
  });

  it('refuses to go back past later runs unless told, then goes all the way back', async () => {
    const refused = await runCli(['restore', runs.first!], { DATABASE_URL: db.url });
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.stderr).toMatch(new RegExp(`^RESTORE_LATER_RUNS: 2 committed run\\(s\\) came after ${runs.first}.*--undo-later-runs`));
    expect(await snapshotFinal(db)).toEqual(states.beforeSecond);

    const statesBefore = await snapshotFinal(db);
    const result = await restore(runs.first!, true);
    expect(result).toMatchObject({ targetRunId: runs.first, laterRuns: [runs.second, runs.restore] });
    expect(await snapshotFinal(db)).toEqual(states.empty);
    states.beforeUndo = statesBefore;
    runs.restoreAll = (result as { runId: string }).runId;
  });

  it('a restore is itself backed up, so it can be undone', async () => {
    expect(await restore(runs.restoreAll!)).toMatchObject({ targetRunId: runs.restoreAll, laterRuns: [] });
    expect(await snapshotFinal(db)).toEqual(states.beforeUndo);
  });

  it('says which backups exist when the run id is unknown, and lists them', async () => {
    const unknown = await restore('20240101T000000Z-dead');
    expect(unknown).toMatchObject({ code: 'BACKUP_NOT_FOUND', message: expect.stringContaining('20240101T000000Z-dead'), hint: expect.stringContaining(runs.restoreAll!) });
    const list = await runCli(['restore', '--list'], { DATABASE_URL: db.url });
    expect(list.code).toBe(EXIT.ok);
    for (const id of Object.values(runs)) expect(list.stdout).toContain(id);
  });

  it('refuses a backup that no longer fits the schema, changing nothing', async () => {
    const before = await snapshotFinal(db);
    await db.query('ALTER TABLE customers ADD COLUMN nickname TEXT');
    try {
      const result = await restore(runs.second!, true);
      expect(result).toMatchObject({ code: 'BACKUP_SCHEMA_CHANGED', message: expect.stringMatching(/public\.customers has columns .*nickname/) });
    } finally {
      await db.query('ALTER TABLE customers DROP COLUMN nickname');
    }
    expect(await snapshotFinal(db)).toEqual(before);
  });

  it('keeps only the newest N runs of backups (AIBIO_BACKUP_KEEP) and drops the tables of the others', async () => {
    const keptBefore = await backedUpRuns(db);
    expect(keptBefore.length).toBeGreaterThan(2);
    const report = await load(db, customers, SAMPLE, { env: { DATABASE_URL: db.url, AIBIO_BACKUP_KEEP: '2' } });
    const newest = (await db.query<{ run_id: string }>('SELECT run_id FROM etl.backups GROUP BY run_id ORDER BY max(taken_at) DESC LIMIT 2')).map((r) => r.run_id);
    expect(newest).toContain(report.runId);
    expect(await backedUpRuns(db)).toEqual([...newest].sort());
    expect(report.safety!.backup!.pruned.sort()).toEqual(keptBefore.filter((id) => !newest.includes(id)).sort());
    const expectedTables = (await db.query<{ backup_table: string }>('SELECT backup_table FROM etl.backups ORDER BY 1')).map((r) => r.backup_table);
    expect(await backupSchemaTables(db)).toEqual(expectedTables);
  });

  it('a run that fails leaves no backup behind', async () => {
    const before = await backedUpRuns(db);
    const failed = await load(db, customers, SAMPLE, { budget: { maxRejects: 0, maxRejectRatio: 0 }, inputs: new Map([['customers', ['/nonexistent/고객.csv']]]) }).catch((e: unknown) => e);
    expect((failed as { code: string }).code).toBe('FILE_NOT_FOUND');
    expect(await backedUpRuns(db)).toEqual(before);
  });
});
