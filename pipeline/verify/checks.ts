// Verification: every check of the final tables, run in one transaction (the run's, or a read-only
// snapshot for `npm run verify`). Each check runs under a savepoint, so one that cannot run is reported
// as failed without stopping the others. A check passes, warns, fails, or is skipped with the reason.

import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';
import { FINAL_TABLES } from '../final-tables.ts';
import { existingTables, qualify, tableColumns, unregisteredDependents } from '../table-catalog.ts';
import { countChecks, conservationChecks, countFinalTables, type ReferenceRun } from './report-checks.ts';
import { tableChecks } from './table-checks.ts';
import { planIntegrityCheck } from './plan-integrity.ts';

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  /** `kind:table.column`, e.g. `orphans:kit_receipts.customer_id`. */
  name: string;
  status: CheckStatus;
  /** What was found, with row keys but never names or phones. */
  detail: string;
}

export interface VerifyContext {
  /** ISO date in Asia/Seoul: later dates are in the future. */
  today: string;
  /** ISO date the center opened: earlier dates are typos. */
  earliest: string;
  /** The run whose report the counts are checked against, or null when none committed yet. */
  reference: ReferenceRun | null;
  /** The final tables' row counts when the caller has just taken them (a run's end); else counted here. */
  tableCounts?: Record<string, number>;
}

export type CheckFn = () => Promise<CheckResult[]>;

/** Runs every check; the caller has a transaction open. */
export async function runChecks(client: ClientBase, context: VerifyContext): Promise<CheckResult[]> {
  const present = await existingTables(client, FINAL_TABLES.map((t) => t.name));
  const columns = new Map<string, string[]>();
  for (const table of FINAL_TABLES) {
    if (present.has(qualify(table.name))) columns.set(table.name, (await tableColumns(client, table.name)).map((c) => c.name));
  }
  const results: CheckResult[] = [];
  const guarded = async (name: string, check: CheckFn) => results.push(...(await underSavepoint(client, name, check)));

  await guarded('registry:coverage', () => coverageCheck(client));
  await guarded('counts', async () => countChecks(context.tableCounts ?? (await countFinalTables(client)), context.reference));
  await guarded('conservation', () => conservationChecks(client, context.reference));
  for (const table of FINAL_TABLES) {
    for (const [name, check] of tableChecks(client, table, columns.get(table.name) ?? null, context)) await guarded(name, check);
  }
  await guarded('integrity:plan-4.1', () => planIntegrityCheck(client, present));
  return results;
}

async function underSavepoint(client: ClientBase, name: string, check: CheckFn): Promise<CheckResult[]> {
  await client.query('SAVEPOINT aibio_verify');
  try {
    const results = await check();
    await client.query('RELEASE SAVEPOINT aibio_verify');
    return results;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT aibio_verify');
    return [{ name, status: 'fail', detail: `could not run: ${(error as Error).message}` }];
  }
}

/** A table that points at a final table but is not registered would go unchecked: say so. */
async function coverageCheck(client: ClientBase): Promise<CheckResult[]> {
  const unregistered = await unregisteredDependents(client);
  if (unregistered.length === 0) return [{ name: 'registry:coverage', status: 'pass', detail: 'every table that points at a final table has checks' }];
  return [{
    name: 'registry:coverage',
    status: 'warn',
    detail: `${unregistered.join(', ')} point(s) at final tables but have no entry in pipeline/final-tables.ts: only counted, not checked`,
  }];
}

export function failedChecks(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => r.status === 'fail');
}

/** The error a failed verification ends with: the failing checks by name, first details. */
export function verificationError(checks: readonly CheckResult[], where: string): EtlError | null {
  const failed = failedChecks(checks);
  if (failed.length === 0) return null;
  const first = failed.slice(0, 3).map((c) => `${c.name} (${c.detail})`).join('; ');
  return new EtlError('VERIFY_FAILED', `${failed.length} verification check(s) failed ${where}: ${first}`, {
    hint: 'the table of checks shows every failure; fix the data or the ledger it came from, then run again',
  });
}
