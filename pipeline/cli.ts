// The command line: `npm run pipeline -- <source>`, `npm run pipeline:all`, `npm run migrate -- up|down`,
// `npm run db -- start|stop|url|status`. Prints a summary on success; on failure one line on stderr
// (code, where, what, what to do) and a non-zero exit status that tells the kind of failure.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, EtlError, exitCodeFor } from './errors.ts';
import { maskUrl, withDatabase } from './database.ts';
import { DEFAULT_DATA_DIR, PROJECT_ROOT, runningPort, startEmbeddedServer, stopDetached, urlFor, DEFAULT_DATABASE } from './embedded-server.ts';
import { migrate } from './migrate.ts';
import { formatMigrationPlan, planMigrations } from './migrate-plan.ts';
import { ENCODING_CHOICES, type EncodingChoice } from './read/decode.ts';
import { DEFAULT_BUDGET } from './run-source.ts';
import { DEFAULT_LOCK_WAIT_SECONDS, runPipeline } from './run.ts';
import { rehearse } from './rehearse.ts';
import { assertGuardsAllow } from './guard-rails.ts';
import { backupCommand, restoreCommand, verifyCommand } from './safety-commands.ts';
import { formatRunSafety } from '../sinks/safety-summary.ts';
import { formatStatistics } from '../sinks/statistics-summary.ts';
import type { SourceDefinition } from './source.ts';
import { SOURCES, SOURCE_NAMES, findSource } from './sources/index.ts';
import { formatSummary, reportJson } from '../sinks/run-report.ts';
import { ProgressReporter, chooseProgressMode, colorEnabled } from '../sinks/progress.ts';
import { COMMANDS, closest, commandHelp } from './cli-help.ts';
import { reviewCommand } from './review/review-command.ts';
import { failed, inspectPaths } from './inspect/inspect.ts';
import { formatInspection } from './inspect/format.ts';
import { redact } from '../sinks/redact.ts';
import { findLedgers, type FoundLedgers, type UnplacedFile } from './find-ledgers.ts';

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
  rehearse: { type: 'boolean' },
  'allow-emptied': { type: 'boolean' },
  count: { type: 'string' },
  source: { type: 'string' },
  json: { type: 'boolean' },
  verify: { type: 'boolean' },
  yes: { type: 'boolean' },
  force: { type: 'boolean' },
  out: { type: 'string' },
  format: { type: 'string' },
  from: { type: 'string' },
  list: { type: 'boolean' },
  'undo-later-runs': { type: 'boolean' },
  all: { type: 'boolean' },
  export: { type: 'string' },
  apply: { type: 'string' },
  'list-decisions': { type: 'boolean' },
  undo: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `Migrate the AIBIO ledgers (CSV exports) into PostgreSQL.

Usage:
  npm run pipeline:all [-- --input-dir DIR]          migrate, then load every source found in DIR (default samples/)
  npm run pipeline -- <source> [--file PATH]         load one source: ${SOURCE_NAMES.join(', ')}
  npm run migrate -- up|down [--count N | --all]     apply or roll back schema migrations (down = the plan's rollback)
  npm run migrate -- up --dry-run                    list what the pending migrations would change, change nothing
  npm run db -- start|stop|url|status                keep the embedded PostgreSQL running and print its URL
  npm run pipeline -- review [--source S] [--json]   rows that could not be linked to a customer, with candidates
  npm run pipeline -- review --export FILE.csv       the review list as a file to decide in Excel (a customer id or ignore)
  npm run pipeline -- review --apply FILE.csv        record those decisions and link the rows; every later load keeps them
  npm run pipeline -- review --list-decisions | --undo ID   the recorded decisions; take one back
  npm run pipeline -- stats [--dry-run]              recompute customer statistics and today's customer_analytics, no loading
  npm run inspect -- PATH... [--json]                check files before loading (no database): encoding, header,
                                                     columns, the plan's checklist, what a load would do
  npm run verify [-- --json]                         check counts, orphans, keys, value sets and dates (daily monitor)
  npm run restore -- <runId> | --list | --from DIR   put the final tables back as they were before a run, or load a file backup
  npm run backup [-- --out DIR --format auto|pg_dump|copy]   write the database to files that outlive it

Options:
  --file PATH              the input file for one source
  --dir PATH               the input folder for a source read from a folder of monthly sheets
  --input-dir DIR          the folder holding the ledger files, each found by its header row (default: samples/)
  --encoding auto|utf-8|cp949   override encoding detection (default auto)
  --report PATH.json       also write the run report here (always written to reports/<runId>/report.json)
  --reports-dir DIR        where run reports and reject files go (default: reports/)
  --max-rejects N          stop and roll back when a source rejects more than N rows (default: no limit)
  --max-reject-ratio R     stop and roll back when more than R (0–1) of a source's rows are rejected (default ${DEFAULT_BUDGET.maxRejectRatio})
  --lock-wait SECONDS      how long to wait for another run loading into the same database (default ${DEFAULT_LOCK_WAIT_SECONDS})
  --dry-run                rehearse: run everything (migrations, undo log, verification) in one transaction, then roll back
  --rehearse               rehearse on a copy: pg_dump the database into a scratch one, load that, report, drop it
  --allow-emptied          let a usage or payment sheet loaded before, whose every row is now skipped, delete what it held
  --verify                 verify before committing a single-source load (pipeline:all always does)
  --yes                    confirm a command that changes a server not on this machine
  --force                  allow such a command during business hours (AIBIO_BUSINESS_HOURS, default 09:00-21:00 Asia/Seoul)
  --json                   print the run report as JSON on stdout (progress and logs stay on stderr)
  --undo-later-runs        restore: also undo the runs committed after the one named
  --verbose                show causes and server logs on failure
  --quiet                  print nothing but errors (no progress, no summary)
  --help                   help for one command: npm run pipeline -- customers --help

Examples:
  npm run pipeline -- customers --file ~/ledgers/고객관리대장_전체고객.csv --encoding cp949
  DATABASE_URL=postgres://me:secret@db.example/aibio npm run pipeline:all -- --input-dir ~/ledgers

Exit status: 0 success · 2 usage · 3 input file · 4 database · 5 too many rejected rows · 6 another run in progress ·
7 refused by a guard rail · 8 verification failed · 1 bug`;

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
  if (!command || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? EXIT.ok : EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(`${commandHelp(command) ?? USAGE}\n`);
    return EXIT.ok;
  }
  try {
    if (command === 'migrate') return await migrateCommand(rest, values);
    if (command === 'db') return await dbCommand(rest);
    if (command === 'review') return await reviewCommand(values);
    if (command === 'inspect') return await inspectCommand(rest, values);
    if (command === 'verify') return await verifyCommand(values);
    if (command === 'backup') return await backupCommand(values);
    if (command === 'restore') return await restoreCommand(rest, values);
    if (command === 'all') return await loadCommand('pipeline:all', SOURCES, values, true);
    if (command === 'stats') return await loadCommand('pipeline stats', [], values, false);
    const source = findSource(command);
    if (!source) {
      const guess = closest(command, [...SOURCE_NAMES, ...COMMANDS]);
      throw new EtlError('SOURCE_UNKNOWN', `unknown source or command ${JSON.stringify(command)}${guess ? ` — did you mean ${JSON.stringify(guess)}?` : ''}`, {
        hint: `the sources are ${SOURCE_NAMES.join(', ')}; the commands are ${COMMANDS.join(', ')}`,
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
  const rehearsing = values.rehearse ?? false;
  if (rehearsing && values['dry-run']) throw new EtlError('CLI_USAGE', '--rehearse and --dry-run are two ways to rehearse: pick one', { hint: '--rehearse loads a copy of the database; --dry-run loads it in a transaction that is rolled back' });
  // A rehearsal writes nothing to the database it names (it loads a copy): no guard to pass.
  if (!rehearsing) assertGuardsAllow({ env: process.env, yes: values.yes ?? false, force: values.force ?? false });
  const inputDir = resolve(values['input-dir'] ?? DEFAULT_INPUT_DIR);
  const inputs = new Map<string, string[]>();
  const chosen: SourceDefinition[] = [];
  let unplaced: UnplacedFile[] = [];
  // The ledgers of the input folder, placed by name or header (find-ledgers.ts); not needed when --file/--dir say.
  let found: FoundLedgers | null = null;
  const ledgers = async () => (found ??= await findLedgers(inputDir, SOURCES, encoding));
  for (const source of sources) {
    const files = all ? await foundFiles(source, await ledgers()) : await inputFiles(source, inputDir, values, ledgers);
    if (all && files.length === 0) continue; // pipeline:all loads the sources whose files are present
    inputs.set(source.name, files);
    chosen.push(source);
  }
  if (all && found) unplaced = (found as FoundLedgers).unplaced;
  if (chosen.length === 0 && sources.length > 0) {
    throw new EtlError('FILE_NOT_FOUND', `no ledger files found in ${inputDir}`, {
      hint: `expected CSV exports of the ledgers (such as ${sources.map((s) => (s.input.kind === 'file' ? s.input.file : `${s.input.dir}/`)).join(', ')}), found by their header row; pass --input-dir${unplaced.length ? `; not placed: ${unplaced.map((u) => `${u.file} (${u.reason})`).join('; ')}` : ''}`,
    });
  }
  const quiet = values.quiet ?? false;
  const reportsDir = values['reports-dir'] ? resolve(values['reports-dir']) : join(PROJECT_ROOT, 'reports');
  const progress = new ProgressReporter({
    mode: chooseProgressMode(process.stderr, process.env, quiet),
    color: colorEnabled(process.stderr, process.env),
    write: (text) => process.stderr.write(text),
    // AIBIO_PROGRESS_INTERVAL_MS: how often a line is printed when not on a terminal (default 2000).
    lineEveryMs: process.env.AIBIO_PROGRESS_INTERVAL_MS ? Number(process.env.AIBIO_PROGRESS_INTERVAL_MS) : undefined,
  });
  const report = await (rehearsing ? rehearse : runPipeline)({
    onProgress: (event) => progress.update(event, event.done),
    command: rehearsing ? `${command} --rehearse` : command,
    sources: chosen,
    inputs,
    encoding,
    migrateFirst: all || rehearsing,
    dryRun: values['dry-run'] ?? false,
    allowEmptied: values['allow-emptied'] ?? false,
    verify: all || (values.verify ?? false),
    recomputeStatistics: sources.length === 0,
    // `pipeline stats`, the daily job: everyone, since status and risk move with the calendar
    statisticsScope: sources.length === 0 ? 'all' : 'touched',
    reportPath: values.report ? resolve(values.report) : undefined,
    reportsDir,
    budget: {
      maxRejects: numberOption(values['max-rejects'], '--max-rejects', DEFAULT_BUDGET.maxRejects),
      maxRejectRatio: numberOption(values['max-reject-ratio'], '--max-reject-ratio', DEFAULT_BUDGET.maxRejectRatio),
    },
    lockWaitSeconds: numberOption(values['lock-wait'], '--lock-wait', DEFAULT_LOCK_WAIT_SECONDS),
    unplacedFiles: unplaced,
    log: values.verbose ? (line) => process.stderr.write(`${redact(line)}\n`) : undefined,
  });
  if (values.json) process.stdout.write(`${redact(JSON.stringify(reportJson(report), null, 2))}\n`);
  else if (!quiet) {
    const summary = [formatSummary(report), formatStatistics(report), formatRunSafety(report)].filter(Boolean).join('\n');
    process.stdout.write(`${redact(summary)}\n  report: ${relative(process.cwd(), join(reportsDir, report.runId, 'index.html'))}\n`);
  }
  return EXIT.ok;
}

/** A source's files as the input folder holds them; two files claiming one one-file ledger stop the run. */
async function foundFiles(source: SourceDefinition, found: FoundLedgers): Promise<string[]> {
  const conflict = found.conflicts.get(source.name);
  if (conflict) throw conflict;
  return found.inputs.get(source.name) ?? [];
}

/** A source's input: --file / --dir when given, else its files found in the input dir by name or header. */
async function inputFiles(source: SourceDefinition, inputDir: string, values: { file?: string; dir?: string }, ledgers: () => Promise<FoundLedgers>): Promise<string[]> {
  if (source.input.kind === 'file') {
    if (values.dir) throw new EtlError('CLI_USAGE', `${source.name} reads one file: use --file, not --dir`);
    if (values.file) return [resolve(values.file)];
  } else {
    if (values.file) return [resolve(values.file)];
    if (values.dir) {
      const dir = resolve(values.dir);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new EtlError('FILE_NOT_FOUND', 'no such folder', { place: { file: dir }, hint: 'check the --dir path' });
      return readdirSync(dir)
        .filter((f) => f.toLowerCase().endsWith('.csv'))
        .sort((a, b) => a.localeCompare(b, 'ko'))
        .map((f) => join(dir, f));
    }
  }
  if (!existsSync(inputDir) || !statSync(inputDir).isDirectory()) return [];
  return foundFiles(source, await ledgers());
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
  if (values.all && values.count !== undefined) throw new EtlError('CLI_USAGE', 'migrate down takes --all or --count N, not both');
  const count = values.count === undefined ? undefined : numberOption(values.count, '--count', 0);
  if (values['dry-run']) {
    if (direction !== 'up') throw new EtlError('CLI_USAGE', '--dry-run shows what `migrate up` would change; rehearse a rollback on a copy instead', { hint: 'npm run migrate -- up --dry-run' });
    return withDatabase(async (client) => {
      process.stdout.write(`${formatMigrationPlan(await planMigrations(client))}\n`);
      return EXIT.ok;
    });
  }
  assertGuardsAllow({ env: process.env, yes: values.yes ?? false, force: values.force ?? false });
  return withDatabase(async (client) => {
    const names = await migrate(client, { direction, count, log: values.verbose ? (l) => process.stderr.write(`${redact(l)}\n`) : undefined });
    process.stdout.write(names.length ? `${direction}: ${names.join(', ')}\n` : `${direction}: nothing to do\n`);
    return EXIT.ok;
  });
}

async function inspectCommand(paths: string[], values: Parsed): Promise<number> {
  if (paths.length === 0) throw new EtlError('CLI_USAGE', 'inspect needs at least one file or folder', { hint: 'npm run inspect -- samples/' });
  const encoding = (values.encoding ?? 'auto') as EncodingChoice;
  const inspection = await inspectPaths(paths, { sources: SOURCES, encoding });
  // Every line masked on the way out, whatever field a phone hides in: a data row taken for the header of
  // an unknown file becomes column labels (`010-1234-5678` as a label).
  process.stdout.write(redact(values.json ? `${JSON.stringify(inspection, null, 2)}\n` : `${formatInspection(inspection)}\n`));
  return failed(inspection) ? EXIT.input : EXIT.ok;
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
  // Exits with the code once stdout and stderr hold nothing unwritten: a large --json report to a pipe goes
  // out in parts, and exiting earlier cuts it (an empty write's callback does not wait for the ones before).
  const flushed = async (stream: NodeJS.WriteStream) => {
    while (stream.writableLength > 0) await new Promise((r) => setTimeout(r, 5));
  };
  main(process.argv.slice(2)).then(async (code) => {
    await flushed(process.stdout);
    await flushed(process.stderr);
    process.exit(code);
  });
}
