// The server connection cut (pg_terminate_backend from another session) in the middle of a load: the
// CLI stops with DB_CONNECTION_LOST and exit 4, every final table is exactly as before, and staging is
// left reusable: the next run loads the same file and ends in the state a clean load leaves.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipeline/run.ts';
import { EtlError } from '../../pipeline/errors.ts';
import { customers } from '../../pipeline/sources/customers.ts';
import type { SourceDefinition } from '../../pipeline/source.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { classifyState, dataTables, recordLoad, snapshot, type LoadOutcome } from '../helpers/db-state.ts';
import { load, tempDir } from '../helpers/load.ts';
import { other, writeTwoLedgers, type Ledger } from '../helpers/two-ledgers.ts';
import { mergeMarkers, sleep, startCli, watchLoads, type Activity, type Watcher } from '../helpers/watch-load.ts';

const ROWS = 3_000;

describe('connection cut mid-load', () => {
  let db: TestDatabase;
  let watcher: Watcher;
  let files: Record<Ledger, string>;
  const outcomes = {} as Record<Ledger, LoadOutcome>;
  let current: Ledger = 'A';

  beforeAll(async () => {
    db = await createTestDatabase();
    files = await writeTwoLedgers(tempDir(), ROWS, 21);
    for (const name of ['A', 'B', 'A'] as const) outcomes[name] = await recordLoad(db, () => load(db, customers, files[name]));
    watcher = await watchLoads(db, mergeMarkers(customers.mergeSql));
  });
  afterAll(async () => {
    await watcher?.end();
    await db?.drop();
  });

  /** After the cut: nothing changed; then the same load runs clean and leaves what a finished load leaves. */
  async function expectUntouchedThenReload(before: Awaited<ReturnType<typeof snapshot>>, target: Ledger): Promise<void> {
    expect(await classifyState(db, before, outcomes[target])).toBe('before');
    const report = await load(db, customers, files[target]);
    expect(report.status).toBe('committed');
    expect(report.sources.customers!.rowsRead).toBe(ROWS);
    expect(await dataTables(db)).toEqual(outcomes[target].data);
    current = target;
  }

  it.each([
    // Cut while at least half the rows are still to come, so the COPY is still running when the cut lands.
    ['mid-COPY', (a: Activity | null) => a?.phase === 'copy' && (a.copied ?? 0) < ROWS / 2, /during the COPY of [AB]\.csv into staging\.customers/],
    ['mid-merge', (a: Activity | null) => a?.phase === 'merge', /during the customers merge \(customers\.merge\.sql\)/],
  ])('%s: exit 4 with DB_CONNECTION_LOST, nothing half-written, staging reusable', async (_name, at, during) => {
    // A load can slip past the moment between two looks at the server: then it simply finished, and the
    // next attempt loads the other ledger.
    for (let attempt = 1; ; attempt++) {
      const target = other(current);
      const before = await snapshot(db);
      const run = startCli(['customers', '--file', files[target], '--reports-dir', tempDir()], { DATABASE_URL: db.url });
      const hit = await watcher.waitFor(run, at);
      if (hit === null) {
        expect((await run.exited).code).toBe(0);
        expect(attempt, 'every load finished before it could be cut').toBeLessThan(5);
        await watcher.waitGone();
        current = target;
        continue;
      }
      await db.query('SELECT pg_terminate_backend($1)', [hit.pid]);
      const exit = await run.exited;
      expect(exit.code).toBe(4);
      const lines = exit.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^DB_CONNECTION_LOST: the connection to PostgreSQL was lost /);
      expect(lines[0]).toMatch(during);
      expect(lines[0]).toMatch(/nothing was committed — check the server and run the same command again$/);
      await watcher.waitGone();
      await expectUntouchedThenReload(before, target);
      return;
    }
  });

  it('cut between two statements (the client finds out at its next query): DB_CONNECTION_LOST, nothing half-written', async () => {
    const target = other(current);
    const before = await snapshot(db);
    // A source that, once its merge is done, has the server end its own session from another connection.
    const cutAfterMerge: SourceDefinition = {
      ...customers,
      describe: async (query) => {
        const [{ pid }] = (await query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
        await db.query('SELECT pg_terminate_backend($1)', [pid]);
        while ((await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length > 0) await sleep(5);
        return {};
      },
    };
    const error = await runPipeline({
      command: 'test cut',
      sources: [cutAfterMerge],
      inputs: new Map([['customers', [files[target]]]]),
      env: { DATABASE_URL: db.url },
      reportsDir: tempDir(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtlError);
    expect((error as EtlError).code).toBe('DB_CONNECTION_LOST');
    await expectUntouchedThenReload(before, target);
  });
});
