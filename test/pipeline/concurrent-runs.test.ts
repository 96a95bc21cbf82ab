// Two runs against one database never interleave: the second waits for the run lock (an advisory lock)
// and loads after the first commits, or — past --lock-wait — refuses with RUN_IN_PROGRESS and exit 6.

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LOCK_KEY } from '../../pipeline/run.ts';
import { customers } from '../../pipeline/sources/customers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { dataTables, recordLoad, rowDigests, snapshot, type LoadOutcome } from '../helpers/db-state.ts';
import { runCli } from '../helpers/cli.ts';
import { load, tempDir } from '../helpers/load.ts';
import { writeTwoLedgers, type Ledger } from '../helpers/two-ledgers.ts';
import { mergeMarkers, sleep, startCli, watchLoads, type Watcher } from '../helpers/watch-load.ts';

const ROWS = 3_000;

describe('two runs at once', () => {
  let db: TestDatabase;
  let watcher: Watcher;
  let files: Record<Ledger, string>;
  const outcomes = {} as Record<Ledger, LoadOutcome>;
  const digests = {} as Record<Ledger, Map<string, string>>;
  let holder: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    files = await writeTwoLedgers(tempDir(), ROWS, 33);
    for (const name of ['B', 'A'] as const) {
      outcomes[name] = await recordLoad(db, () => load(db, customers, files[name]));
      digests[name] = await rowDigests(db, 'public.customers', 'customer_id');
    }
    watcher = await watchLoads(db, mergeMarkers(customers.mergeSql));
    holder = await db.client();
  });
  afterAll(async () => {
    await holder?.end();
    await watcher?.end();
    await db?.drop();
  });

  /** Backends of this database waiting for the run lock. */
  const waitingForLock = async () =>
    db.query(`SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = $1`, [db.name]);

  it('while a run holds the lock, a second run given --lock-wait 1 refuses: exit 6, RUN_IN_PROGRESS, nothing loaded', async () => {
    await holder.query('SELECT pg_advisory_lock($1)', [RUN_LOCK_KEY]);
    try {
      const before = await snapshot(db);
      const result = await runCli(['customers', '--file', files.B, '--lock-wait', '1', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
      expect(result.code).toBe(6);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^RUN_IN_PROGRESS: another run has been loading into this database for more than 1 s — wait for it to finish/);
      expect((await snapshot(db)).tables).toEqual(before.tables);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [RUN_LOCK_KEY]);
    }
  });

  it('a second run waits for the lock without touching anything, then loads once it is free', async () => {
    await holder.query('SELECT pg_advisory_lock($1)', [RUN_LOCK_KEY]);
    const before = await snapshot(db);
    const run = startCli(['customers', '--file', files.B, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    try {
      while ((await waitingForLock()).length === 0) {
        expect(run.hasExited(), 'the second run exited instead of waiting').toBe(false);
        await sleep(20);
      }
      expect((await snapshot(db)).tables).toEqual(before.tables);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [RUN_LOCK_KEY]);
    }
    const exit = await run.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(await dataTables(db)).toEqual(outcomes.B.data);
  });

  it('two real loads waiting together run one after the other: the second sees the first one committed', async () => {
    // The state is B's. Both wait behind the lock; once it is free, one loads while the other waits.
    await holder.query('SELECT pg_advisory_lock($1)', [RUN_LOCK_KEY]);
    const runs = { A: startCli(['customers', '--file', files.A, '--reports-dir', tempDir()], { DATABASE_URL: db.url }), B: startCli(['customers', '--file', files.B, '--reports-dir', tempDir()], { DATABASE_URL: db.url }) };
    try {
      while ((await waitingForLock()).length < 2) {
        expect(runs.A.hasExited() || runs.B.hasExited(), 'a run exited instead of waiting').toBe(false);
        await sleep(20);
      }
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [RUN_LOCK_KEY]);
    }
    let sawOneWaiting = false;
    while (!runs.A.hasExited() && !runs.B.hasExited()) {
      if ((await waitingForLock()).length === 1) sawOneWaiting = true;
      await sleep(5);
    }
    const exits = { A: await runs.A.exited, B: await runs.B.exited };
    for (const exit of Object.values(exits)) expect(exit.code, exit.stderr).toBe(0);
    expect(sawOneWaiting).toBe(true);

    // Serial: whichever committed first changed B's customers into its own ledger's, and the second
    // changed those into its own — each counting exactly the customers that differ between the two states.
    const runIdOf = (stdout: string) => /^run (\S+) loaded/m.exec(stdout)![1]!;
    const finished = await db.query<{ run_id: string }>('SELECT run_id FROM etl.runs WHERE run_id = ANY($1) ORDER BY finished_at', [[runIdOf(exits.A.stdout), runIdOf(exits.B.stdout)]]);
    const order = finished.map((r) => (r.run_id === runIdOf(exits.A.stdout) ? 'A' : 'B')) as Ledger[];
    expect(order).toHaveLength(2);
    const differ = (x: Ledger, y: Ledger) => [...digests[x]].filter(([id, d]) => digests[y].get(id) !== d).length;
    expect(differ('A', 'B')).toBeGreaterThan(0);
    expect(exits[order[0]!].stdout).toMatch(new RegExp(`inserted 0 · updated ${differ('B', order[0]!)} · `));
    expect(exits[order[1]!].stdout).toMatch(new RegExp(`inserted 0 · updated ${differ(order[0]!, order[1]!)} · `));
    expect(await dataTables(db)).toEqual(outcomes[order[1]!].data);
  });
});
