// `npm run bench:cost`: what a load costs by the size of the database it goes into and the size of the
// change it brings (issue 18). For each database size it builds the database ONCE — the generated ledger
// loaded by the pipeline, timed as the first load — then measures, each as a new process timed from spawn
// to exit (process start included; the server already up, as `npm run db -- start` leaves it):
// - the floor for the first load's final state (bench/floor.ts), and the first load against it;
// - a rerun of the unchanged ledger (customers: the same file; sessions: the same folder of sheets);
// - loads of changes of each size: for customers a file of only the changed and new rows, and the whole
//   ledger exported again with them (customer-changes.ts); for sessions one more month's sheet of that many
//   rows, loaded with --file as the center adds a month (docs/operations.md §3).
// After each measured load the database is put back with `npm run restore -- <runId>` of that load, and
// (unless --no-check) a digest of every run table shows it is back exactly as the first load left it.
// Progress goes to stderr, the markdown tables to stdout, and to docs/BENCHMARKS.md only with --append.

import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withClient } from '../pipeline/database.ts';
import { PROJECT_ROOT } from '../pipeline/embedded-server.ts';
import { openBenchServer, type BenchServer } from './bench-server.ts';
import { customerChangeFile, sessionMonthFile } from './change-inputs.ts';
import { formatCostReport, type CostMeasurement, type DatabaseCost } from './cost-table.ts';
import type { ChangeShape } from './customer-changes.ts';
import { differingTables, digestTables, dumpRunTables, existingTables, reloadFloor, removeDumps, type TableDigest } from './floor.ts';
import { SAMPLE_MASTER, WORK, generatedInput, inputArgs, type BenchSource } from './inputs.ts';
import { machine } from './machine.ts';
import { runCli, warmUpCli, type CliRun } from './run-cli.ts';

/** The sizes of issue 18's cost table. */
export const DEFAULT_SIZES: Record<BenchSource, number[]> = { customers: [10_000, 100_000, 1_000_000], sessions: [100_000, 1_000_000, 5_000_000] };
/** Changes: 10, 1k and 100k rows; for sessions also a month as the center has them (~200 rows, the ≤ 3 s target). */
export const DEFAULT_CHANGES: Record<BenchSource, number[]> = { customers: [10, 1_000, 100_000], sessions: [10, 200, 1_000, 100_000] };

export interface CostOptions {
  sources: BenchSource[];
  sizes: Partial<Record<BenchSource, number[]>>;
  changes: Partial<Record<BenchSource, number[]>>;
  shapes: ChangeShape[];
  seed: number;
  floor: boolean;
  rerun: boolean;
  /** Compare every run table's digest after each restore with the first load's. */
  check: boolean;
  /** Database names start with it (the test suite passes its own). */
  prefix: string;
  /** Where generated ledgers, changes, dumps and reports go. */
  work: string;
  keep: boolean;
  log: (line: string) => void;
}

export async function measureCosts(options: CostOptions): Promise<DatabaseCost[]> {
  const server = await openBenchServer({ prefix: options.prefix });
  const results: DatabaseCost[] = [];
  try {
    warmUpCli();
    for (const source of options.sources) {
      for (const size of options.sizes[source] ?? DEFAULT_SIZES[source]) results.push(await measureDatabase(server, source, size, options));
    }
  } finally {
    await server.stop();
  }
  return results;
}

async function measureDatabase(server: BenchServer, source: BenchSource, size: number, options: CostOptions): Promise<DatabaseCost> {
  const { log, work } = options;
  const label = `${source} ${size.toLocaleString('en-US')}`;
  const reportsDir = join(work, 'reports');
  const loadArgs = ['--json', '--quiet', '--max-reject-ratio', '1'];
  log(`${label}: generating the ledger (cached under ${work})`);
  const input = generatedInput(source, size, options.seed, work);
  const name = `cost_${source}_${size}`;
  const db = await server.freshDatabase(name);
  if (source === 'sessions') {
    log(`${label}: loading the sample master the sheets name (not measured)`);
    await runCli(['customers', '--file', SAMPLE_MASTER, '--quiet'], db, { reportsDir });
  }
  log(`${label}: first load`);
  const first = measurement('first load (empty tables)', await runCli([...inputArgs(source, input), ...loadArgs], db, { reportsDir }), source);
  log(`${label}: first load ${first.seconds.toFixed(1)} s, ${first.rssMb} MB`);
  const finalRows = await countRows(db, source === 'customers' ? 'customers' : 'service_sessions');
  const built = options.check || options.floor ? await digestTables(db, await withClient(db, existingTables)) : new Map<string, TableDigest>();
  const cost: DatabaseCost = { source, size, finalRows, first, loads: [] };

  if (options.floor) {
    log(`${label}: floor (the same final state reloaded in one transaction)`);
    const dumps = await dumpRunTables(db, work);
    const floorDb = await server.freshDatabase(`${name}_floor`);
    const seconds = await reloadFloor(floorDb, dumps);
    removeDumps(dumps);
    const tables = dumps.map((d) => d.table);
    const differing = differingTables(new Map(tables.map((t) => [t, built.get(t)!])), await digestTables(floorDb, tables));
    if (differing.length) throw new Error(`the floor did not reach the first load's state: ${differing.join(', ')} differ`);
    cost.floor = { seconds, tables: dumps.map((d) => ({ table: d.table, rows: d.rows })) };
    log(`${label}: floor ${seconds.toFixed(1)} s (${(first.seconds / seconds).toFixed(2)}× for the first load)`);
    await server.dropDatabase(`${name}_floor`);
  }

  // Each measured load is undone by restore before the next, so every one starts from the first load's state.
  const measure = async (what: string, args: string[], change?: CostMeasurement['change']) => {
    log(`${label}: ${what}`);
    const m = measurement(what, await runCli([...args, ...loadArgs], db, { reportsDir }), source, change);
    const restore = await runCli(['restore', m.runId, '--quiet'], db, { reportsDir, check: false });
    // A run that changed nothing keeps no undo log (BACKUP_NOT_FOUND): there is nothing to put back.
    if (restore.code !== 0 && !restore.stderr.includes('BACKUP_NOT_FOUND')) throw new Error(`restore ${m.runId} failed: ${restore.stderr.trim()}`);
    m.restoreSeconds = restore.code === 0 ? restore.seconds : undefined;
    if (options.check) {
      const differing = differingTables(built, await digestTables(db, [...built.keys()]));
      m.restoredExactly = differing.length === 0;
      if (differing.length) log(`${label}: after restoring ${what}, ${differing.join(', ')} differ from the first load's state`);
    }
    log(`${label}: ${what}: ${m.seconds.toFixed(1)} s, ${m.rssMb} MB (restore ${m.restoreSeconds === undefined ? "not needed" : `${m.restoreSeconds.toFixed(1)} s`})`);
    cost.loads.push(m);
  };
  if (options.rerun) await measure('rerun, unchanged', inputArgs(source, input));
  for (const change of options.changes[source] ?? DEFAULT_CHANGES[source]) {
    if (source === 'sessions') {
      await measure(`one more month, ${change.toLocaleString('en-US')} rows`, ['sessions', '--file', sessionMonthFile({ seed: options.seed, size: change }, work)], { rows: change });
      continue;
    }
    for (const shape of options.shapes) {
      const file = await customerChangeFile({ rows: size, seed: options.seed, size: change, shape }, work);
      const what = `${change.toLocaleString('en-US')} rows changed or new, ${shape === 'changes' ? 'a file of those rows' : 'in the whole ledger'}`;
      await measure(what, ['customers', '--file', file], { rows: change, shape });
    }
  }
  if (!options.keep) await server.dropDatabase(name);
  return cost;
}

function measurement(what: string, run: CliRun, source: BenchSource, change?: CostMeasurement['change']): CostMeasurement {
  const report = run.report!;
  const s = report.sources[source]!;
  return { what, change, runId: report.runId, seconds: run.seconds, rssMb: report.process?.maxRssMb ?? 0, rowsRead: s.rowsRead, merge: s.merge ?? {}, timings: report.timings ?? {} };
}

async function countRows(url: string, table: string): Promise<number> {
  return withClient(url, async (c) => Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n));
}

function list(text: string | undefined): number[] | undefined {
  return text === undefined ? undefined : text.split(',').filter(Boolean).map((n) => Number(n.replace(/_/g, '')));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      source: { type: 'string', default: 'all' },
      sizes: { type: 'string' },
      changes: { type: 'string' },
      shapes: { type: 'string', default: 'changes,ledger' },
      seed: { type: 'string', default: '1' },
      'no-floor': { type: 'boolean', default: false },
      'no-rerun': { type: 'boolean', default: false },
      'no-check': { type: 'boolean', default: false },
      prefix: { type: 'string', default: 'bench_' },
      work: { type: 'string' },
      keep: { type: 'boolean', default: false },
      append: { type: 'boolean', default: false },
    },
  });
  const sources = values.source === 'all' ? (['customers', 'sessions'] as const) : [values.source as BenchSource];
  if (!sources.every((s) => s === 'customers' || s === 'sessions')) throw new Error('--source customers|sessions|all');
  const shapes = values.shapes!.split(',') as ChangeShape[];
  if (!shapes.every((s) => s === 'changes' || s === 'ledger')) throw new Error('--shapes changes,ledger');
  const sizes = list(values.sizes);
  const changes = list(values.changes);
  if ([...(sizes ?? []), ...(changes ?? [])].some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes and --changes take whole numbers, comma-separated');
  const where = machine();
  const started = performance.now();
  const options: CostOptions = {
    sources: [...sources],
    // With --source all, --sizes and --changes apply to both (a smoke run at tiny sizes).
    sizes: Object.fromEntries(sizes ? sources.map((s) => [s, sizes]) : []),
    changes: Object.fromEntries(changes ? sources.map((s) => [s, changes]) : []),
    shapes,
    seed: Number(values.seed),
    floor: !values['no-floor'],
    rerun: !values['no-rerun'],
    check: !values['no-check'],
    prefix: values.prefix!,
    work: values.work ?? WORK,
    keep: values.keep!,
    log: (line) => process.stderr.write(`[cost ${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}\n`),
  };
  const results = await measureCosts(options);
  const command = `npm run bench:cost${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const text = formatCostReport(results, { machine: where, command });
  process.stdout.write(`${text}\n`);
  if (values.append) appendFileSync(join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md'), `\n${text}\n`);
  // A restore that did not put the database back makes every later figure doubtful: say so by the exit status.
  if (results.some((r) => r.loads.some((l) => l.restoredExactly === false))) process.exitCode = 9;
}

if (process.argv[1]?.endsWith('cost.ts')) {
  main().catch((error: Error) => {
    process.stderr.write(`bench:cost failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
