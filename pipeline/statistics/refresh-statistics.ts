// The statistics step of a run: after the sources' merges, inside the run's transaction, recompute every
// customer's statistics and write the day's customer_analytics rows (the SQL beside this file; the rules
// in docs/analytics.md). A run does it when it loaded one of their inputs, and `pipeline stats` always.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientBase, QueryResult } from 'pg';
import { databaseError } from '../database.ts';
import type { SourceDefinition } from '../source.ts';

/** The sources whose tables the statistics read: customers, service_sessions, payments. */
export const STATISTICS_INPUTS = ['customers', 'sessions', 'payments'] as const;

const sql = (name: string) => fileURLToPath(new URL(name, import.meta.url));
/** In order: the first leaves temp tables the second reads. */
const STATISTICS_SQL = [sql('customer-statistics.sql'), sql('customer-analytics.sql')] as const;

/** What the step did, kept in the run report. */
export interface StatisticsSummary {
  /** The date the statistics are as of (the run's date in Asia/Seoul): analysis_date of the rows written. */
  asOf: string;
  customers: { total: number; updated: number; neverVisited: number };
  /** customer_analytics rows for asOf: rows = inserted + updated + unchanged; removed were stale. */
  analytics: { rows: number; inserted: number; updated: number; unchanged: number; removed: number };
}

/** Whether a run that loads `sources` recomputes: when it loaded an input, or when asked to (`stats`). */
export function statisticsWanted(sources: readonly SourceDefinition[], always = false): boolean {
  return always || sources.some((s) => (STATISTICS_INPUTS as readonly string[]).includes(s.name));
}

/**
 * Recomputes statistics and analytics as of `asOf` (YYYY-MM-DD). The caller has a transaction open: the
 * two SQL files share temp tables that live until it ends.
 */
export async function refreshStatistics(client: ClientBase, asOf: string): Promise<StatisticsSummary> {
  await step('setting etl.as_of', () => client.query(`SELECT set_config('etl.as_of', $1::date::text, true)`, [asOf]));
  const customers = await runFile(client, STATISTICS_SQL[0]);
  const analytics = await runFile(client, STATISTICS_SQL[1]);
  return {
    asOf,
    customers: { total: customers.customers!, updated: customers.updated!, neverVisited: customers.never_visited! },
    analytics: {
      rows: analytics.rows!,
      inserted: analytics.inserted!,
      updated: analytics.updated!,
      unchanged: analytics.unchanged!,
      removed: analytics.removed!,
    },
  };
}

/** Runs one multi-statement file; its last statement is a one-row SELECT of counters. */
async function runFile(client: ClientBase, path: string): Promise<Record<string, number>> {
  const result = await step(`the statistics step (${basename(path)})`, () => client.query(readFileSync(path, 'utf8')));
  // A multi-statement query resolves to one result per statement.
  const last = ((Array.isArray(result) ? result : [result]) as QueryResult[]).at(-1);
  if (last?.command !== 'SELECT' || last.rows.length !== 1) throw new Error(`${basename(path)} must end with a one-row SELECT of its counters`);
  return Object.fromEntries(Object.entries(last.rows[0] as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
}

async function step<T>(during: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw databaseError(error, during);
  }
}
