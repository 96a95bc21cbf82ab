// One run: open the database, take the run lock, load the chosen sources in order inside one
// transaction, record the run, commit (or roll back on any failure, or for a dry run), write the report.
// A failed run leaves every final table exactly as it was.

import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { EtlError } from './errors.ts';
import { connect, databaseError, isDatabaseFailure, maskUrl, openDatabase, runLockWaitMs, type Database } from './database.ts';
import { assertMigrated, migrate } from './migrate.ts';
import { PROJECT_ROOT } from './embedded-server.ts';
import type { EncodingChoice } from './read/decode.ts';
import { DEFAULT_BUDGET, loadSource, type LoadSourceOptions, type RejectBudget, type SourceReport } from './run-source.ts';
import type { RunContext, SourceDefinition } from './source.ts';
import { columnLimits } from './table-catalog.ts';
import { RunSafetySteps, recordRunSafety, runsTableExists } from './run-safety.ts';
import { refreshStatistics, statisticsWanted, type StatisticsScope } from './statistics/refresh-statistics.ts';
import { todayInSeoul } from '../transforms/parse-date.ts';
import { CENTER_OPENED } from './center.ts';
import { writeRunReport, type RunReport } from '../sinks/run-report.ts';
import { writeHtmlReport } from '../sinks/html-report.ts';
import { redact } from '../sinks/redact.ts';

/** pg_advisory_lock key for "a load is running on this database". */
export const RUN_LOCK_KEY = 7_240_211_001;

export interface RunOptions {
  command: string;
  sources: readonly SourceDefinition[];
  /** Input files per source name, in the order to read them. */
  inputs: ReadonlyMap<string, readonly string[]>;
  encoding?: EncodingChoice;
  budget?: RejectBudget;
  /** A reloaded sheet whose every row is now skipped deletes what it held, instead of failing the run. */
  allowEmptied?: boolean;
  migrateFirst?: boolean;
  dryRun?: boolean;
  reportsDir?: string;
  /** Extra copy of report.json (`--report PATH.json`). */
  reportPath?: string;
  now?: Date;
  env?: NodeJS.ProcessEnv;
  onProgress?: LoadSourceOptions['onProgress'];
  log?: (line: string) => void;
  /** Run verification before committing (pipeline:all does); a failed check fails the run. */
  verify?: boolean;
  /** How long to wait for a run already loading into this database before refusing (default 15). */
  lockWaitSeconds?: number;
  /** Recompute customer statistics even if no source feeding them is loaded (`pipeline stats`). */
  recomputeStatistics?: boolean;
  /** Whose statistics: those the run touched (a load, the default), or every customer (`pipeline stats`). */
  statisticsScope?: StatisticsScope;
  /** Set by a rehearsal (rehearse.ts): this run loads a copy of that database. */
  rehearsal?: RunReport['rehearsal'];
  /** CSVs of the input folder that no source took (pipeline/find-ledgers.ts), for the report. */
  unplacedFiles?: RunReport['unplacedFiles'];
  /** Work done in the run's transaction after the loads, before the statistics (`review --apply`, `--undo`). */
  steps?: readonly RunStep[];
}

/**
 * A command's own work inside a run, with everything a load gets around it: the run lock, the undo log, one
 * transaction, the statistics, verification, an etl.runs row and the reports. Its result goes in the report
 * under its name; an error rolls the whole run back.
 */
export interface RunStep {
  name: string;
  run(client: pg.ClientBase, run: RunContext): Promise<Record<string, unknown>>;
}

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(2).toString('hex')}`;
}

export async function runPipeline(options: RunOptions): Promise<RunReport> {
  const now = options.now ?? new Date();
  const runId = newRunId(now);
  const reportsDir = options.reportsDir ?? join(PROJECT_ROOT, 'reports');
  const reportDir = join(reportsDir, runId);
  const run: RunContext = { runId, today: todayInSeoul(now), earliest: CENTER_OPENED };
  const log = options.log ?? (() => {});
  const report: RunReport = {
    runId,
    command: options.command,
    status: 'failed',
    dryRun: options.dryRun ?? false,
    startedAt: now.toISOString(),
    finishedAt: '',
    database: '',
    sources: {},
    previousRunId: previousRunId(reportsDir, runId),
    ...(options.rehearsal ? { rehearsal: options.rehearsal } : {}),
    ...(options.unplacedFiles?.length ? { unplacedFiles: options.unplacedFiles } : {}),
  };
  let db: Database | undefined;
  let client: pg.Client | undefined;
  let inTransaction = false;
  // Where the run's time went, step by step (the report's `timings`, in seconds).
  const timings: Record<string, number> = {};
  report.timings = timings;
  const timed = async <T>(step: string, action: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await action();
    } finally {
      timings[step] = Number(((performance.now() - started) / 1000).toFixed(3));
    }
  };
  try {
    db = await openDatabase(options.env);
    report.database = `${db.kind === 'embedded' ? 'embedded ' : ''}${maskUrl(db.url)}`;
    const connected = await connect(db.url);
    client = connected;
    // A rehearsal applies pending migrations inside its transaction (run-safety.ts), so they roll back too.
    if (options.migrateFirst && !options.dryRun) {
      const applied = await migrate(client, { direction: 'up' });
      if (applied.length) log(`migrated: ${applied.join(', ')}`);
    } else if (!options.migrateFirst) await assertMigrated(client);
    await takeRunLock(client, options.lockWaitSeconds ?? DEFAULT_LOCK_WAIT_SECONDS);
    await client.query('BEGIN');
    inTransaction = true;
    await client.query(`SET LOCAL lock_timeout = ${runLockWaitMs(options.env ?? process.env)}`);
    // For every SQL step of the run: the date statistics are as of (the run's, in Asia/Seoul), and the run
    // id the merges write on what they record (etl.match_review rows).
    await connected.query(`SELECT set_config('etl.as_of', $1::date::text, true), set_config('etl.run_id', $2, true)`, [run.today, run.runId]);
    const safety = new RunSafetySteps(client, {
      run,
      command: options.command,
      rehearseMigrations: Boolean(options.migrateFirst && options.dryRun),
      verify: options.verify ?? false,
      env: options.env ?? process.env,
      log,
    });
    report.safety = await timed('undo log', () => safety.beforeFirstMerge());
    run.columnLimits = await columnLimits(client);
    for (const source of options.sources) {
      log(`loading ${source.name}`);
      const sourceReport: SourceReport = await timed(source.name, () => loadSource({
        client: connected,
        source,
        files: options.inputs.get(source.name) ?? [],
        run,
        reportDir,
        encoding: options.encoding ?? 'auto',
        budget: options.budget ?? DEFAULT_BUDGET,
        allowEmptied: options.allowEmptied ?? false,
        onProgress: options.onProgress,
      }));
      report.sources[source.name] = sourceReport;
    }
    for (const extra of options.steps ?? []) {
      log(`running ${extra.name}`);
      (report.steps ??= {})[extra.name] = await timed(extra.name, () => extra.run(connected, run));
    }
    if (statisticsWanted(options.sources, options.recomputeStatistics)) report.statistics = await timed('statistics', () => refreshStatistics(connected, run.today, options.statisticsScope ?? 'touched'));
    report.distributions = await readDistributions(client);
    await timed('analyze, counts, verification', () => safety.afterLoads(report));
    report.status = options.dryRun ? 'dry-run' : 'committed';
    report.finishedAt = new Date().toISOString();
    await recordRun(client, report, options.sources);
    await timed(options.dryRun ? 'rollback' : 'commit', () =>
      connected.query(options.dryRun ? 'ROLLBACK' : 'COMMIT').catch((error) => {
        throw databaseError(error, 'the commit');
      }),
    );
    inTransaction = false;
    if (options.dryRun && (await runsTableExists(client))) await recordRun(client, report, options.sources);
  } catch (error) {
    const failure = error instanceof EtlError ? error : databaseErrorOrBug(error);
    report.status = 'failed';
    report.finishedAt = new Date().toISOString();
    report.error = { code: failure.code, message: redact(failure.toOneLine()) };
    if (client && inTransaction) {
      await client.query('ROLLBACK').catch(() => {});
      await recordRun(client, report, options.sources).catch(() => {});
    }
    writeReports(report, reportDir, options.reportPath);
    throw failure;
  } finally {
    await client?.end().catch(() => {});
    await db?.close().catch(() => {});
  }
  writeReports(report, reportDir, options.reportPath);
  return report;
}

function writeReports(report: RunReport, reportDir: string, extraPath: string | undefined): void {
  report.process = { maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  writeRunReport(report, reportDir, extraPath);
  writeHtmlReport(report, reportDir, dirname(reportDir));
}

/** Customers by status and membership level, for the report's charts. */
async function readDistributions(client: pg.Client): Promise<Record<string, Record<string, number>>> {
  // one pass over customers for both counts
  const { rows } = await client.query<{ status: string | null; level: string | null; by_status: boolean; n: number }>(
    `SELECT customer_status AS status, membership_level AS level, GROUPING(customer_status) = 0 AS by_status, count(*)::int AS n
       FROM customers GROUP BY GROUPING SETS ((customer_status), (membership_level)) ORDER BY 3 DESC, 1, 2`,
  );
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const [kind, value] = r.by_status ? ['customer_status', r.status] : ['membership_level', r.level];
    (out[kind] ??= {})[value ?? '(none)'] = r.n;
  }
  return out;
}

function databaseErrorOrBug(error: unknown): EtlError {
  if (isDatabaseFailure(error)) return databaseError(error, 'the run');
  throw error; // a bug: let it surface with its stack
}

/** A second run waits this long for the first to finish, then refuses (RUN_IN_PROGRESS). */
export const DEFAULT_LOCK_WAIT_SECONDS = 15;

export async function takeRunLock(client: pg.Client, waitSeconds = DEFAULT_LOCK_WAIT_SECONDS): Promise<void> {
  try {
    await client.query(`SET lock_timeout = '${Math.max(1, Math.round(waitSeconds * 1000))}ms'`);
    await client.query('SELECT pg_advisory_lock($1)', [RUN_LOCK_KEY]);
    await client.query('SET lock_timeout = 0');
  } catch (cause) {
    if ((cause as { code?: string }).code !== '55P03') throw databaseError(cause, 'taking the run lock');
    throw new EtlError('RUN_IN_PROGRESS', `another run has been loading into this database for more than ${waitSeconds} s`, {
      cause,
      hint: 'wait for it to finish and run this command again (or wait longer with --lock-wait SECONDS); two loads at once would interleave',
    });
  }
}

async function recordRun(client: pg.Client, report: RunReport, sources: readonly SourceDefinition[]): Promise<void> {
  await client.query(
    `INSERT INTO etl.runs (run_id, command, sources, status, started_at, finished_at, error_code, error_message, report)
     VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8)
     ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, finished_at = EXCLUDED.finished_at,
       error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message, report = EXCLUDED.report`,
    [report.runId, report.command, sources.map((s) => s.name), report.status, report.startedAt, report.error?.code ?? null, report.error?.message ?? null, JSON.stringify(summaryOf(report))],
  );
  await recordRunSafety(client, report.runId, report.safety);
}

/** What etl.runs keeps of a report: the counters, not the examples. */
function summaryOf(report: RunReport): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(report.sources).map(([name, s]) => [
      name,
      { rowsRead: s.rowsRead, rejected: s.rejected, skipped: s.skipped, warnings: s.warnings, ...s.merge },
    ]),
  );
}

function previousRunId(reportsDir: string, runId: string): string | null {
  if (!existsSync(reportsDir)) return null;
  const earlier = readdirSync(reportsDir)
    .filter((d) => d < runId && existsSync(join(reportsDir, d, 'report.json')) && statSync(join(reportsDir, d)).isDirectory())
    .sort();
  return earlier.at(-1) ?? null;
}
