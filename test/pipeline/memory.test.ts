// Constant memory, through the real path: the command line, as a user starts it, loads a customer ledger
// into the test's PostgreSQL — decode, parse, clean, COPY into staging, the merge into a table that already
// has customers, statistics, the report — once with 30,000 rows and once with 300,000. Every row is a
// customer of its own and no two rows share a cached cell (test/helpers/distinct-ledger.ts), so a cache or
// a list that grew with the file would grow here. Each run is a child process whose old-generation heap is
// capped at 64 MB, so a load that kept its rows dies; and its peak RSS at ten times the rows must stay
// within 15% of the smaller run's. A check of memory, not of time.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { writeDistinctLedger } from '../helpers/distinct-ledger.ts';
import { tempDir } from '../helpers/load.ts';

const SMALL = 30_000;
const LARGE = 300_000;
/** Customers already in the database before the measured load: the ledger's first rows, loaded once. */
const ALREADY_LOADED = 1_000;
const HEAP_MB = 64;

const dir = tempDir('aibio-memory-');
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases) await db.drop();
});

interface Measured {
  maxRssMb: number;
  rowsRead: number;
  merge: Record<string, number>;
}

async function loadLedger(rows: number): Promise<Measured> {
  const db = await createTestDatabase();
  databases.push(db);
  const env = { DATABASE_URL: db.url };
  const first = join(dir, 'first.csv');
  await writeDistinctLedger(first, ALREADY_LOADED);
  const seeded = await runCli(['customers', '--file', first, '--quiet', '--reports-dir', join(dir, 'reports')], env);
  expect(seeded.code, seeded.stderr).toBe(0);
  const file = join(dir, `ledger-${rows}.csv`);
  await writeDistinctLedger(file, rows);
  const run = await runCli(['customers', '--file', file, '--json', '--quiet', '--reports-dir', join(dir, 'reports')], env, {
    nodeFlags: [`--max-old-space-size=${HEAP_MB}`],
    timeoutMs: 240_000,
  });
  expect(run.code, `the load of ${rows} rows failed (a heap over ${HEAP_MB} MB dies): ${run.stderr}`).toBe(0);
  const report = JSON.parse(run.stdout) as { sources: { customers: { rowsRead: number; merge: Record<string, number> } }; process: { maxRssMb: number } };
  return { maxRssMb: report.process.maxRssMb, ...report.sources.customers };
}

describe('memory of a load through the real path', () => {
  it('stays flat from 30,000 to 300,000 distinct customers, COPY and merge included', { timeout: 600_000 }, async () => {
    const small = await loadLedger(SMALL);
    const large = await loadLedger(LARGE);
    // The loads did what a load does: every row read, the new ones merged in, the ones already there kept.
    for (const [measured, rows] of [[small, SMALL], [large, LARGE]] as const) {
      expect(measured.rowsRead).toBe(rows);
      expect(measured.merge).toMatchObject({ inserted: rows - ALREADY_LOADED, unchanged: ALREADY_LOADED, duplicates: 0 });
    }
    expect(large.maxRssMb, `peak RSS ${small.maxRssMb} MB at ${SMALL} rows, ${large.maxRssMb} MB at ${LARGE}`).toBeLessThanOrEqual(small.maxRssMb * 1.15);
  });
});
