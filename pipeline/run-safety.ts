// The safety steps of one run, around its loads and inside its transaction: for a rehearsal, pending
// migrations; before the first merge, the undo log turned on (only what the run changes is kept, so it
// can be undone: backup/undo-log.ts); after the loads, ANALYZE of what changed, each final table's row
// count, and verification — a failed check fails (and rolls back) the run.

import type { ClientBase } from 'pg';
import { analyzeChangedTables, changeCounters, type ChangeCounters } from './analyze-changed.ts';
import { backupKeep, finishUndoLog, startUndoLog, type UndoSummary } from './backup/undo-log.ts';
import { migrateInsideTransaction } from './migrate-in-transaction.ts';
import type { RunContext } from './source.ts';
import type { QualifiedName } from './table-catalog.ts';
import { runChecks, verificationError, type CheckResult } from './verify/checks.ts';
import { countFinalTables } from './verify/report-checks.ts';
import { sourceTotals, type RunReport } from '../sinks/run-report.ts';

/** What the safety steps did, kept in the run report and (counts, checks) in etl.runs. */
export interface RunSafety {
  /** Migrations applied inside a rehearsal, rolled back with it. */
  rehearsedMigrations?: string[];
  /** What the run logged so that `npm run restore -- <runId>` can undo it. */
  undo?: UndoSummary;
  analyzed?: QualifiedName[];
  tableCounts?: Record<string, number>;
  verification?: CheckResult[];
}

export interface RunSafetyOptions {
  run: RunContext;
  command: string;
  /** pipeline:all --dry-run: apply pending migrations inside the rehearsal's transaction. */
  rehearseMigrations: boolean;
  verify: boolean;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export class RunSafetySteps {
  readonly summary: RunSafety = {};
  private baseline: ChangeCounters = new Map();

  constructor(
    private readonly client: ClientBase,
    private readonly options: RunSafetyOptions,
  ) {}

  /** Call right after BEGIN, before any source loads. */
  async beforeFirstMerge(): Promise<RunSafety> {
    const { client, options } = this;
    if (options.rehearseMigrations) {
      this.summary.rehearsedMigrations = await migrateInsideTransaction(client);
      if (this.summary.rehearsedMigrations.length) options.log(`rehearsing migrations: ${this.summary.rehearsedMigrations.join(', ')}`);
    }
    const keep = backupKeep(options.env);
    const pruned = await startUndoLog(client, options.run.runId, { keep });
    this.summary.undo = { runId: options.run.runId, tables: [], pruned, keep };
    this.baseline = await changeCounters(client);
    return this.summary;
  }

  /** Call after the last source loaded, before recording and committing the run. */
  async afterLoads(report: RunReport): Promise<void> {
    const { client, options } = this;
    if (this.summary.undo) {
      this.summary.undo.tables = await finishUndoLog(client, options.run.runId);
      options.log(`undo log: ${this.summary.undo.tables.map((t) => `${t.table} +${t.inserted} ~${t.updated} -${t.deleted}`).join(', ') || 'nothing changed'}`);
    }
    this.summary.analyzed = await analyzeChangedTables(client, this.baseline);
    this.summary.tableCounts = await countFinalTables(client);
    if (!options.verify) return;
    const sources = Object.fromEntries(Object.entries(report.sources).map(([name, s]) => [name, sourceTotals(s)]));
    this.summary.verification = await runChecks(client, {
      today: options.run.today,
      earliest: options.run.earliest,
      reference: { runId: options.run.runId, command: options.command, origin: 'this run', sources, tableCounts: null },
      tableCounts: this.summary.tableCounts,
    });
    const failure = verificationError(this.summary.verification, 'at the end of the run; nothing was committed');
    if (failure) throw failure;
  }
}

/** Stores the run's table counts and checks beside its etl.runs row (skipped where etl.runs is not there yet). */
export async function recordRunSafety(client: ClientBase, runId: string, safety: RunSafety | undefined): Promise<void> {
  if (!safety || !(await canRecordRuns(client))) return;
  await client.query(`UPDATE etl.runs SET table_counts = $2, verification = $3 WHERE run_id = $1`, [
    runId,
    safety.tableCounts ? JSON.stringify(safety.tableCounts) : null,
    safety.verification ? JSON.stringify(safety.verification) : null,
  ]);
}

async function canRecordRuns(client: ClientBase): Promise<boolean> {
  const [row] = (
    await client.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'etl' AND table_name = 'runs' AND column_name = 'table_counts') AS ok`,
    )
  ).rows;
  return row?.ok ?? false;
}

/** After a rehearsal that migrated an empty database, etl.runs is gone again with the rollback. */
export async function runsTableExists(client: ClientBase): Promise<boolean> {
  const [row] = (await client.query<{ t: string | null }>(`SELECT to_regclass('etl.runs')::text AS t`)).rows;
  return Boolean(row?.t);
}
