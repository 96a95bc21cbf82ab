// A load killed (SIGKILL) at random points leaves every final table exactly as it was before the run or
// exactly as a finished run leaves it — never a mix — and the next run succeeds and reports correctly.
// Kill points come from a fixed seed and are spread over the whole load by watching it from the server:
// start-up, connected, COPY after N rows, during the merge, after it, at COMMIT.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../pipeline/sources/customers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { classifyState, dataTables, recordLoad, rowDigests, snapshot, type LoadOutcome, type Snapshot } from '../helpers/db-state.ts';
import { load, tempDir } from '../helpers/load.ts';
import { mergeMarkers, sleep, startCli, watchLoads, type Activity, type Phase, type RunningCli, type Watcher } from '../helpers/watch-load.ts';
import { other, writeTwoLedgers, type Ledger } from '../helpers/two-ledgers.ts';
import { Random } from '../../samples/generator/random.ts';

const ROWS = 3_000;
const TRIALS_PER_POINT = 4;
const POINTS = ['start-up', 'connected', 'copy', 'merge', 'after-merge', 'commit'] as const;
type KillPoint = (typeof POINTS)[number];

/** The plan, from a fixed seed: which point, and where within it (0–1). */
const rng = new Random(20_240_611);
const PLAN = Array.from({ length: POINTS.length * TRIALS_PER_POINT }, (_, i) => ({ trial: i + 1, point: POINTS[i % POINTS.length]!, at: rng.next() }));

/** Waits for the chosen point of the load; returns what the server showed just before the kill. */
async function reach(watcher: Watcher, run: RunningCli, point: KillPoint, at: number): Promise<Phase> {
  const phaseNow = async () => (await watcher.activity())?.phase ?? 'none';
  switch (point) {
    case 'start-up':
      await sleep(at * 1500); // anywhere from spawn to well into the load
      return phaseNow();
    case 'connected':
      await watcher.waitFor(run, (a) => a !== null);
      await sleep(at * 20);
      return phaseNow();
    case 'copy': {
      const rows = Math.floor(at * ROWS);
      const hit = await watcher.waitFor(run, (a) => (a?.phase === 'copy' && (a.copied ?? 0) >= rows) || a?.phase === 'merge');
      return hit?.phase ?? 'none';
    }
    case 'merge': {
      // Into the merge by a random number of looks at the server (each a few ms), not a fixed delay:
      // the kill lands inside the merge however fast the machine runs it.
      const hit = await watcher.waitFor(run, (a) => a?.phase === 'merge' || a?.phase === 'commit');
      let phase: Phase = hit?.phase ?? 'none';
      for (let looks = Math.floor(at * 10); looks > 0 && phase === 'merge'; looks--) phase = await phaseNow();
      return phase;
    }
    case 'after-merge': {
      let merging = false;
      const hit = await watcher.waitFor(run, (a: Activity | null) => {
        if (a?.phase === 'merge') merging = true;
        return (merging && a?.phase !== 'merge') || a?.phase === 'commit';
      });
      let phase: Phase = hit?.phase ?? 'none';
      for (let looks = Math.floor(at * 5); looks > 0 && phase !== 'none'; looks--) phase = await phaseNow();
      return phase;
    }
    case 'commit':
      return (await watcher.waitFor(run, (a) => a?.phase === 'commit'))?.phase ?? 'none';
  }
}

/** Every run's backup stays, so no run prunes an earlier run's rows (the classifier wants them untouched). */
const KEEP_BACKUPS = { AIBIO_BACKUP_KEEP: '1000' };

describe('killed mid-load', () => {
  let db: TestDatabase;
  let watcher: Watcher;
  let files: Record<Ledger, string>;
  const outcomes: Record<Ledger, LoadOutcome> = {} as Record<Ledger, LoadOutcome>;
  let current: Ledger = 'A';
  /** Every final table before the next trial. */
  let before: Snapshot;
  /** Each file's customers as a finished load leaves them (row digests), and how many ledger rows were merged away. */
  const customersAfter: Record<Ledger, Map<string, string>> = { A: new Map(), B: new Map() };
  const merged: Record<Ledger, number> = { A: 0, B: 0 };
  const seen: { point: KillPoint; phase: Phase; outcome: string }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    files = await writeTwoLedgers(tempDir(), ROWS, 7);
    // What a finished load of each file leaves: B over A, then A over B (the order the trials alternate in).
    for (const name of ['A', 'B', 'A'] as const) {
      outcomes[name] = await recordLoad(db, () => load(db, customers, files[name], { command: 'pipeline customers', env: { DATABASE_URL: db.url, ...KEEP_BACKUPS } }));
      customersAfter[name] = await rowDigests(db, 'public.customers', 'customer_id');
      const [{ n }] = (await db.query<{ n: number }>('SELECT sum(cardinality(merged_ledger_numbers))::int AS n FROM customers')) as [{ n: number }];
      merged[name] = n;
    }
    before = await snapshot(db);
    watcher = await watchLoads(db, mergeMarkers(customers.mergeSql));
  });
  afterAll(async () => {
    await watcher?.end();
    await db?.drop();
  });

  it.each(PLAN)('trial $trial: SIGKILL at $point ($at) leaves the before- or after-state; the next run loads and reports', async ({ point, at }) => {
    const target = other(current);
    const run = startCli(['customers', '--file', files[target], '--reports-dir', tempDir()], { DATABASE_URL: db.url, ...KEEP_BACKUPS });
    const phase = await reach(watcher, run, point, at);
    run.child.kill('SIGKILL');
    const exit = await run.exited;
    await watcher.waitGone();

    const outcome = await classifyState(db, before, outcomes[target]);
    seen.push({ point, phase, outcome });
    expect(outcome).not.toBe('mixed');
    if (exit.signal !== 'SIGKILL') {
      expect(exit.code, exit.stderr).toBe(0); // it finished before the kill landed
      expect(outcome).toBe('after');
    }

    // The next run succeeds, and its counts match what the tables say it had to change.
    const have = await rowDigests(db, 'public.customers', 'customer_id');
    const want = customersAfter[target];
    const changed = [...want].filter(([id, digest]) => have.get(id) !== digest).length;
    const report = await load(db, customers, files[target], { command: 'pipeline customers', env: { DATABASE_URL: db.url, ...KEEP_BACKUPS } });
    expect(report.status).toBe('committed');
    expect(report.sources.customers!.rowsRead).toBe(ROWS);
    expect(report.sources.customers!.merge).toMatchObject({ inserted: 0, updated: changed, unchanged: want.size - changed, duplicates: merged[target] });
    expect(await dataTables(db)).toEqual(outcomes[target].data);
    current = target;
    before = await snapshot(db);
  });

  it('the kills landed all over the load: in the COPY, in the merge, and on both sides of the commit', () => {
    expect(seen).toHaveLength(PLAN.length);
    const summary = JSON.stringify(seen);
    const phases = new Set(seen.map((s) => s.phase));
    expect(phases, summary).toContain('copy');
    expect(phases, summary).toContain('merge');
    const results = new Set(seen.map((s) => s.outcome));
    expect(results, summary).toEqual(new Set(['before', 'after']));
  });
});
