// Undo logs taken by runs, and `npm run restore -- <runId>` on a real PostgreSQL: a run keeps only what it
// changes (keys of rows it inserted, rows it updated or deleted as they were), and restoring it gives back
// every final table exactly as it was before that run (full contents compared) — for a run that inserted,
// updated and deleted rows, for one that was not the latest, and for a restore itself. Rows written
// outside the runs stay; a restore that would orphan them refuses. Only the newest runs are kept.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EXIT } from '../../../pipeline/errors.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { restoreBeforeRun } from '../../../pipeline/safety-commands.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { snapshotFinal } from '../../helpers/snapshot-all.ts';
import { writeChangedLedger } from '../../helpers/ledger-variants.ts';

const SAMPLE = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');

async function loggedRuns(db: TestDatabase): Promise<string[]> {
  return (await db.query<{ run_id: string }>('SELECT run_id FROM etl.undo_runs ORDER BY 1')).map((r) => r.run_id);
}

describe('undo logs, and restore', () => {
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
  let second: Awaited<ReturnType<typeof load>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    states.empty = await snapshotFinal(db);
    runs.first = (await load(db, customers, SAMPLE)).runId;
    // Between the runs the center's other sheets and app add rows that point at customers.
    await db.query(`INSERT INTO kit_receipts (customer_id, kit_type, serial_number, receipt_date) VALUES (1, '유기산', 'BD100001', '2024-03-05'), (2, '음식물과민증', 'BA200002', NULL)`);
    await db.query(`INSERT INTO marketing_leads (name, status, converted_customer_id, db_entry_date) VALUES ('김유입', 'converted', 3, '2024-02-01')`);
    await db.query(`INSERT INTO etl.match_review (run_id, source, file, line, name, reason) VALUES ('manual', 'kits', 'kits.csv', 4, '이키트', 'NO_MATCH')`);
    states.beforeSecond = await snapshotFinal(db);
    // The second run updates 25 customers, inserts 4, and finds 번호 2 to be 번호 1: customer 2 is absorbed
    // (deleted), and the kit that pointed at it now points at customer 1.
    second = await load(db, customers, writeChangedLedger(tempDir(), { notesChanged: 25, added: 4, sameAs: [1, 2] }));
    runs.second = second.runId;
    states.afterSecond = await snapshotFinal(db);
  });
  afterAll(async () => db?.drop());

  it('each run logged only what it changed: inserted keys, and updated or deleted rows as they were', async () => {
    expect(await loggedRuns(db)).toEqual([runs.first, runs.second].sort());
    const logged = await db.query<{ table_name: string; op: string; rows: number }>(
      `SELECT table_name, op, sum(CASE WHEN op = 'I' THEN jsonb_array_length(keys) ELSE 1 END)::int AS rows
         FROM etl.undo_log WHERE run_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [runs.second],
    );
    const of = (table: string, op: string) => logged.find((l) => l.table_name === table && l.op === op)?.rows ?? 0;
    expect(of('public.customers', 'I')).toBe(4);
    expect(of('public.customers', 'D')).toBe(1);
    // one image per row each step rewrote: the merge (notes, customer 1's merged numbers) and the statistics
    expect(of('public.customers', 'U')).toBe(second.sources.customers!.merge.updated! + second.statistics!.customers.updated);
    expect(of('public.customers', 'U')).toBeGreaterThanOrEqual(24);
    expect(of('public.kit_receipts', 'U')).toBe(1);
    const [image] = await db.query<{ image: { customer_id: number; name: string } }>(
      `SELECT image FROM etl.undo_log WHERE run_id = $1 AND table_name = 'public.customers' AND op = 'D'`,
      [runs.second],
    );
    expect(image!.image).toMatchObject({ customer_id: 2, name: '권주빈' });
  });

  it('a run that changes nothing keeps nothing', async () => {
    const rerun = await load(db, customers, writeChangedLedger(tempDir(), { notesChanged: 25, added: 4, sameAs: [1, 2] }));
    expect(rerun.safety!.undo!.tables).toEqual([]);
    expect(await db.query('SELECT 1 FROM etl.undo_log WHERE run_id = $1 UNION ALL SELECT 1 FROM etl.undo_runs WHERE run_id = $1', [rerun.runId])).toEqual([]);
    expect(await snapshotFinal(db)).toEqual(states.afterSecond);
  });

  it('`restore <second run>` gives back every final table exactly as it was before that run', async () => {
    const result = await runCli(['restore', runs.second!], { DATABASE_URL: db.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/public\.customers\s+949 → 946 rows/);
    expect(await snapshotFinal(db)).toEqual(states.beforeSecond);
    runs.restore = /restore run (\S+)\)/.exec(result.stdout)![1]!;
    const [record] = await db.query<{ command: string; status: string; table_counts: Record<string, number> }>('SELECT command, status, table_counts FROM etl.runs WHERE run_id = $1', [runs.restore]);
    expect(record).toMatchObject({ command: `restore ${runs.second}`, status: 'committed', table_counts: { customers: 946, kit_receipts: 2 } });
  });

  it('left the sequences past every id, so new rows never collide', async () => {
    const [kit] = await db.query<{ kit_id: number }>(`INSERT INTO kit_receipts (customer_id, kit_type, serial_number) VALUES (4, '유기산', 'BD300003') RETURNING kit_id`);
    expect(kit!.kit_id).toBeGreaterThan(2);
    const [customer] = await db.query<{ customer_id: number }>(`INSERT INTO customers (name) VALUES ('박새로') RETURNING customer_id`);
    expect(customer!.customer_id).toBeGreaterThan(2004);
    await db.query('DELETE FROM kit_receipts WHERE kit_id = $1', [kit!.kit_id]);
    await db.query('DELETE FROM customers WHERE customer_id = $1', [customer!.customer_id]);
  });

  it('refuses to go back past later runs unless told', async () => {
    const refused = await runCli(['restore', runs.first!], { DATABASE_URL: db.url });
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.stderr).toMatch(new RegExp(`^RESTORE_LATER_RUNS: 2 committed run\\(s\\) came after ${runs.first}.*--undo-later-runs`));
    expect(await snapshotFinal(db)).toEqual(states.beforeSecond);
  });

  it('refuses, changing nothing, to delete customers that rows written outside any run point at', async () => {
    const result = await restore(runs.first!, true);
    expect(result).toMatchObject({ code: 'RESTORE_BLOCKED', message: expect.stringMatching(/^2 row\(s\) of public\.kit_receipts and 1 row\(s\) of public\.marketing_leads point at public\.customers rows the run added/) });
    expect(await snapshotFinal(db)).toEqual(states.beforeSecond);
  });

  it('once the app\'s rows are gone, goes all the way back to before the first run, leaving what the app deleted deleted', async () => {
    await db.query(`DELETE FROM kit_receipts; DELETE FROM marketing_leads; DELETE FROM etl.match_review WHERE run_id = 'manual'`);
    const statesBefore = await snapshotFinal(db);
    const result = await restore(runs.first!, true);
    expect(result).toMatchObject({ targetRunId: runs.first, laterRuns: [runs.second, runs.restore] });
    // the kit the second run moved (and its restore moved back) was deleted by the app since: not brought back
    expect((result as { tables: { table: string; kept: number }[] }).tables.find((t) => t.table === 'public.kit_receipts')).toMatchObject({ kept: 2 });
    expect(await snapshotFinal(db)).toEqual(states.empty);
    states.beforeUndo = statesBefore;
    runs.restoreAll = (result as { runId: string }).runId;
  });

  it('a restore is itself logged, so it can be undone', async () => {
    expect(await restore(runs.restoreAll!)).toMatchObject({ targetRunId: runs.restoreAll, laterRuns: [] });
    expect(await snapshotFinal(db)).toEqual(states.beforeUndo);
  });

  it('says which runs can be undone when the run id is unknown, and lists them', async () => {
    const unknown = await restore('20240101T000000Z-dead');
    expect(unknown).toMatchObject({ code: 'BACKUP_NOT_FOUND', message: expect.stringContaining('20240101T000000Z-dead'), hint: expect.stringContaining(runs.restoreAll!) });
    const list = await runCli(['restore', '--list'], { DATABASE_URL: db.url });
    expect(list.code).toBe(EXIT.ok);
    for (const id of Object.values(runs)) expect(list.stdout).toContain(id);
  });

  it('refuses a log taken under another schema, changing nothing', async () => {
    const before = await snapshotFinal(db);
    await db.query(`INSERT INTO pgmigrations (name, run_on) VALUES ('9999_a-later-migration', now())`);
    try {
      const result = await restore(runs.second!, true);
      expect(result).toMatchObject({ code: 'BACKUP_SCHEMA_CHANGED', message: expect.stringContaining('9999_a-later-migration') });
    } finally {
      await db.query(`DELETE FROM pgmigrations WHERE name = '9999_a-later-migration'`);
    }
    expect(await snapshotFinal(db)).toEqual(before);
  });

  it('keeps only the newest N runs\' logs (AIBIO_BACKUP_KEEP)', async () => {
    const keptBefore = await loggedRuns(db);
    expect(keptBefore.length).toBeGreaterThan(2);
    const report = await load(db, customers, writeChangedLedger(tempDir(), { notesChanged: 3, added: 0 }), { env: { DATABASE_URL: db.url, AIBIO_BACKUP_KEEP: '2' } });
    const newest = (await db.query<{ run_id: string }>('SELECT run_id FROM etl.undo_runs ORDER BY started_at DESC LIMIT 2')).map((r) => r.run_id);
    expect(newest).toContain(report.runId);
    expect(await loggedRuns(db)).toEqual([...newest].sort());
    expect(report.safety!.undo!.pruned.sort()).toEqual(keptBefore.filter((id) => !newest.includes(id)).sort());
    expect(await db.query('SELECT DISTINCT run_id FROM etl.undo_log WHERE NOT (run_id = ANY($1))', [newest])).toEqual([]);
  });

  it('a run that fails leaves no undo log behind', async () => {
    const before = await loggedRuns(db);
    const failed = await load(db, customers, SAMPLE, { budget: { maxRejects: 0, maxRejectRatio: 0 }, inputs: new Map([['customers', ['/nonexistent/고객.csv']]]) }).catch((e: unknown) => e);
    expect((failed as { code: string }).code).toBe('FILE_NOT_FOUND');
    expect(await loggedRuns(db)).toEqual(before);
  });
});
