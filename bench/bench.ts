// `npm run bench -- --rows N [--source customers|sessions] [--insert-cap N] [--seed S] [--no-append]`:
// generates a ledger of N rows (CP949, the real files' shape and defect rates), then loads it on the same
// server — the full pipeline; the floor (the pipeline's own final state reloaded in one transaction, indexes
// rebuilt, bench/floor.ts) and a plain COPY of the clean rows into the indexed table; one INSERT per row (in
// one transaction, and each committed); pgloader when installed — and prints rows/s, each one's time
// against the floor, and the pipeline's peak memory; the figures are appended to docs/BENCHMARKS.md with a
// description of the machine. The cost of small loads into a large database: bench/cost.ts.

import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../pipeline/embedded-server.ts';
import { findSource } from '../pipeline/sources/index.ts';
import { plainCopy, insertPerRow, pgloader, pgloaderInstalled, readForInserts, type Timed } from './approaches.ts';
import { openBenchServer, type BenchServer } from './bench-server.ts';
import { FINAL_ROWS } from './final-rows.ts';
import { differingTables, digestTables, dumpRunTables, reloadFloor, removeDumps } from './floor.ts';
import { SAMPLE_MASTER, WORK, generatedInput, inputArgs, inputFiles, type BenchSource } from './inputs.ts';
import { machine, utcMinute } from './machine.ts';
import { runCli, warmUpCli } from './run-cli.ts';

/** The final table each benchmarked source fills, which the plain COPY and the INSERTs write. */
const TARGETS = {
  customers: { table: 'customers' },
  sessions: { table: 'service_sessions' },
} as const;

interface Row {
  approach: string;
  rows: number;
  seconds: number;
  /**
   * Run on the first rows only, after reading the whole file: compared by the time it would take for the
   * floor's rows — the reading once, plus every row at its measured rate.
   */
  capped?: { readSeconds: number };
  rssMb?: number;
  note?: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      source: { type: 'string', default: 'customers' },
      'insert-cap': { type: 'string', default: '20000' },
      seed: { type: 'string', default: '1' },
      'no-append': { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const source = values.source as BenchSource;
  if (!(source in TARGETS)) throw new Error('--source customers|sessions');
  const input = generatedInput(source, rows, Number(values.seed));
  const files = inputFiles(source, input);
  const reportsDir = join(WORK, 'reports');
  const { table } = TARGETS[source];
  // Read before the benchmark loads anything: the load average it reports is the machine's, not ours.
  const where = machine();

  const server = await openBenchServer();
  try {
    warmUpCli();
    const results: Row[] = [];
    // (b) the full pipeline, in its own process so its peak memory is its own.
    const pipelineDb = await prepared(server, 'pipeline', source, reportsDir);
    const run = await runCli([...inputArgs(source, input), '--json', '--quiet', '--max-reject-ratio', '1'], pipelineDb, { reportsDir });
    const s = run.report!.sources[source]!;
    const phases = `stream ${s.phases!.streamSeconds.toFixed(1)} s + merge ${s.phases!.mergeSeconds.toFixed(1)} s`;
    results.push({ approach: 'pipeline (decode CP949, parse, clean, dedupe, COPY, merge, statistics)', rows: s.rowsRead, seconds: run.seconds, rssMb: run.report!.process?.maxRssMb, note: phases });

    // (a) the floor: the pipeline's own final state (every table the run left with rows) reloaded in one
    // transaction into a fresh database, indexes rebuilt; checked to be the same state, table by table.
    const dumps = await dumpRunTables(pipelineDb, WORK);
    const floorDb = await server.freshDatabase('floor');
    const floorSeconds = await reloadFloor(floorDb, dumps);
    const reloaded = dumps.map((d) => d.table);
    const differing = differingTables(await digestTables(pipelineDb, reloaded), await digestTables(floorDb, reloaded));
    if (differing.length) throw new Error(`the floor did not reach the pipeline's state: ${differing.join(', ')} differ`);
    const main = dumps.find((d) => d.table === `public.${table}`)!;
    const floor: Timed = { seconds: floorSeconds, rows: main.rows };
    const tablesNote = dumps.map((d) => `${d.table.replace(/^public\./, '')} ${d.rows.toLocaleString('en-US')}`).join(', ');
    results.unshift({ approach: `floor: the pipeline's final state reloaded in one transaction (truncate, indexes dropped, COPY, indexes and foreign keys rebuilt)`, ...floor, note: `${tablesNote} rows; digests equal to the pipeline's` });

    // (a') the floor as earlier runs measured it: one plain COPY of the clean rows into the indexed table.
    const plainDb = await prepared(server, 'plain_copy', source, reportsDir);
    const plain = await plainCopy(plainDb, table, main.columns, main.file, main.rows);
    removeDumps(dumps);
    results.splice(1, 0, { approach: `plain COPY of the clean rows into ${table}, indexes live (the floor before 2026-12)`, ...plain });

    // (c) the plan's approach, capped: the file read once, then the INSERTs in one transaction (the plan's
    // script) and, for comparison, each committed on its own.
    const read = readForInserts(findSource(source)!, files, Number(values['insert-cap']));
    const readNote = `reading ${read.readSeconds.toFixed(1)} s (the file; of a folder, the sheets the first rows come from), then the INSERTs into ${table} alone; time × floor = (reading + the floor's ${table} rows at the INSERT rate) / floor`;
    for (const [transaction, approach] of [
      [true, `one INSERT per row in one transaction (the plan's script, PLAN.md 3.2), first ${read.rows.length} rows`],
      [false, `one INSERT per row, each committed (a script without a transaction), first ${read.rows.length} rows`],
    ] as const) {
      const insertDb = await prepared(server, 'insert', source, reportsDir);
      const inserted = await insertPerRow(insertDb, table, FINAL_ROWS[source], read.rows, transaction);
      results.push({ approach, ...inserted, capped: { readSeconds: read.readSeconds }, note: transaction ? readNote : 'the same rows, read once (above)' });
    }

    // (d) pgloader, when installed.
    if (source === 'customers' && pgloaderInstalled()) {
      const loaderDb = await prepared(server, 'pgloader', source, reportsDir);
      const timed = await pgloader(loaderDb, input, WORK);
      results.push({ approach: 'pgloader (raw text, unindexed table, after iconv)', rows: timed.rows, seconds: timed.seconds, note: `iconv CP949→UTF-8 ${timed.iconvSeconds.toFixed(1)} s not counted` });
    } else {
      results.push({ approach: 'pgloader', rows: 0, seconds: Number.NaN, note: source === 'customers' ? 'not installed (apt-get install pgloader)' : 'not run for a folder of sheets' });
    }
    for (const name of ['pipeline', 'floor', 'plain_copy', 'insert', 'pgloader']) await server.dropDatabase(name);
    const text = formatResults(source, rows, results, floor, plain, where);
    process.stdout.write(`${text}\n`);
    if (!values['no-append']) appendFileSync(join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md'), `\n${text}\n`);
  } finally {
    await server.stop();
  }
}

/** A fresh migrated database; for sessions the sample master is loaded first, so the sheets have customers. */
async function prepared(server: BenchServer, name: string, source: BenchSource, reportsDir: string): Promise<string> {
  const url = await server.freshDatabase(name);
  if (source === 'sessions') await runCli(['customers', '--file', SAMPLE_MASTER, '--quiet'], url, { reportsDir });
  return url;
}

function formatResults(source: string, rows: number, results: Row[], floor: Timed, plain: Timed, where: string): string {
  const lines = [
    `### ${source}, ${rows.toLocaleString('en-US')} rows — ${utcMinute()}`,
    '',
    `Machine: ${where}. Command: \`npm run bench -- --rows ${rows} --source ${source}\`.`,
    '',
    '| approach | rows | seconds | rows/s | time × floor | peak RSS | note |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  // Whole runs are compared by time on the same input; a capped run by the time it would take for the
  // floor's rows (see Row.capped). (Sessions: the pipeline counts sheet rows, the floor the sessions they hold.)
  const fullTime = (r: Row) => (r.capped ? r.capped.readSeconds + floor.rows / (r.rows / r.seconds) : r.seconds);
  for (const r of results) {
    const rate = r.rows / r.seconds;
    const ratio = Number.isFinite(r.seconds) ? (fullTime(r) / floor.seconds).toFixed(2) : '—';
    lines.push(`| ${r.approach} | ${r.rows.toLocaleString('en-US')} | ${Number.isFinite(r.seconds) ? r.seconds.toFixed(1) : '—'} | ${Number.isFinite(rate) ? Math.round(rate).toLocaleString('en-US') : '—'} | ${ratio} | ${r.rssMb ? `${r.rssMb} MB` : ''} | ${r.note ?? ''} |`);
  }
  // The issue's targets, stated as they are: the pipeline against the floor (issue 18: ≤ 1.25×), one INSERT
  // per row, pgloader.
  const pipelineRow = results.find((r) => r.approach.startsWith('pipeline'))!;
  const versus = results.filter((r) => r !== pipelineRow && !/^(floor|plain COPY)/.test(r.approach) && Number.isFinite(r.seconds));
  lines.push(
    '',
    `The pipeline takes ${(pipelineRow.seconds / floor.seconds).toFixed(2)}× the floor's time (target ≤ 1.25×; ${(pipelineRow.seconds / plain.seconds).toFixed(2)}× the plain COPY's)${versus.map((r) => `; ${r.approach.split(' (')[0]} takes ${(fullTime(r) / pipelineRow.seconds).toFixed(2)}× the pipeline's`).join('')}.`,
  );
  return lines.join('\n');
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
