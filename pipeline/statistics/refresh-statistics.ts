// The statistics step of a run: after the sources' merges, inside the run's transaction, recompute every
// customer's statistics and write the day's customer_analytics rows (the SQL beside this file; the rules
// in docs/analytics.md). A run does it when it loaded one of their inputs, and `pipeline stats` always.

import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';
import { runSqlFile, step } from '../database.ts';
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
  const customers = await runSqlFile(client, STATISTICS_SQL[0], `the statistics step (${basename(STATISTICS_SQL[0])})`);
  const analytics = await runSqlFile(client, STATISTICS_SQL[1], `the statistics step (${basename(STATISTICS_SQL[1])})`);
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
