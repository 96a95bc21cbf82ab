// The statistics step of a run: after the sources' merges, inside the run's transaction, recompute customer
// statistics and write the day's customer_analytics rows (the SQL beside this file; the rules in
// docs/analytics.md). A load recomputes the customers whose rows it touched (read from its undo log), so a
// month's sheet into a large database costs what the month costs; `pipeline stats` (the daily job, since
// status and risk move with the calendar) recomputes everyone. Both give the same rows for the same date.

import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';
import { runSqlFile, step } from '../database.ts';
import type { SourceDefinition } from '../source.ts';

/** The sources whose tables the statistics read: customers, service_sessions, payments. */
export const STATISTICS_INPUTS = ['customers', 'sessions', 'payments'] as const;

/** Whose statistics a run recomputes: every ledger customer, or those whose rows it touched. */
export const STATISTICS_SCOPES = ['all', 'touched'] as const;
export type StatisticsScope = (typeof STATISTICS_SCOPES)[number];

/**
 * Past this share of the ledger's customers, counted in changed rows, a scoped recompute costs more than a
 * full one (it looks up each changed session and payment by key; a full one reads each table once): a
 * first load. 100,000 changed rows into a million customers stay scoped.
 */
export const SCOPED_CHANGE_SHARE = 0.25;

const sql = (name: string) => fileURLToPath(new URL(name, import.meta.url));
/** In order: the first leaves temp tables the second reads. */
const STATISTICS_SQL = [sql('customer-statistics.sql'), sql('customer-analytics.sql')] as const;
const SCOPE_SQL = sql('statistics-scope.sql');

/** What the step did, kept in the run report. */
export interface StatisticsSummary {
  /** The date the statistics are as of (the run's date in Asia/Seoul): analysis_date of the rows written. */
  asOf: string;
  /** Every ledger customer, or those the run touched (and how many that was). */
  scope: StatisticsScope;
  customers: { total: number; updated: number; neverVisited: number };
  /** customer_analytics rows for asOf: rows = inserted + updated + unchanged; removed were stale. */
  analytics: { rows: number; inserted: number; updated: number; unchanged: number; removed: number };
}

/** Whether a run that loads `sources` recomputes: when it loaded an input, or when asked to (`stats`). */
export function statisticsWanted(sources: readonly SourceDefinition[], always = false): boolean {
  return always || sources.some((s) => (STATISTICS_INPUTS as readonly string[]).includes(s.name));
}

/**
 * Recomputes statistics and analytics as of `asOf` (YYYY-MM-DD) for `scope`. The caller has a
 * transaction open (and, for 'touched', the run's undo log on): the SQL files share temp tables and views
 * that live until it ends.
 */
export async function refreshStatistics(client: ClientBase, asOf: string, scope: StatisticsScope = 'all'): Promise<StatisticsSummary> {
  await step('setting etl.as_of', () => client.query(`SELECT set_config('etl.as_of', $1::date::text, true)`, [asOf]));
  const effective = scope === 'touched' && (await changedRows(client)) <= SCOPED_CHANGE_SHARE * (await ledgerCustomers(client)) ? 'touched' : 'all';
  // statistics_scope exists either way (customer-analytics.sql names it); empty when everyone is recomputed
  if (effective === 'touched') await runSqlFile(client, SCOPE_SQL, 'the statistics step (statistics-scope.sql)');
  else await step('no scope', () => client.query('DROP TABLE IF EXISTS pg_temp.statistics_scope; CREATE TEMP TABLE statistics_scope (customer_id integer) ON COMMIT DROP'));
  await step('choosing the customers to recompute', () => client.query(viewsFor(effective)));
  const customers = await runSqlFile(client, STATISTICS_SQL[0], `the statistics step (${basename(STATISTICS_SQL[0])})`);
  const analytics = await runSqlFile(client, STATISTICS_SQL[1], `the statistics step (${basename(STATISTICS_SQL[1])})`);
  await step('dropping the statistics views', () => client.query(DROP_VIEWS));
  return {
    asOf,
    scope: effective,
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

/** Rows of customers, sessions and payments the run's undo log names so far (0 without an undo log). */
async function changedRows(client: ClientBase): Promise<number> {
  const { rows } = await step('counting what the run changed', () =>
    client.query<{ n: string }>(
      `SELECT coalesce(sum(CASE WHEN l.op = 'I' THEN (SELECT sum(upper(r) - lower(r)) FROM unnest(l.ids) AS r) ELSE 1 END), 0) AS n
         FROM etl.undo_log l
        WHERE l.run_id = current_setting('etl.undo_run', true)
          AND l.table_name IN ('public.customers', 'public.service_sessions', 'public.payments')`,
    ),
  );
  return Number(rows[0]!.n);
}

/** The ledger customers there are now, as the planner counts them (a full count would cost what we save). */
async function ledgerCustomers(client: ClientBase): Promise<number> {
  const { rows } = await step('estimating the customers', () =>
    client.query<{ n: number }>(`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'customers'::regclass`),
  );
  return Number(rows[0]!.n);
}

const DROP_VIEWS = 'DROP VIEW IF EXISTS pg_temp.statistics_customers, pg_temp.statistics_sessions, pg_temp.statistics_payments, pg_temp.statistics_reach';

/**
 * What the statistics SQL reads. 'all': every ledger customer, every session and payment, and any analytics
 * row of the day may be found stale (statistics_reach.everyone). 'touched': only the customers in
 * statistics_scope (statistics-scope.sql), their sessions and payments, and their analytics rows.
 */
function viewsFor(scope: StatisticsScope): string {
  const only = (column: string) => (scope === 'touched' ? ` WHERE ${column} IN (SELECT customer_id FROM pg_temp.statistics_scope)` : '');
  return `${DROP_VIEWS};
    CREATE TEMP VIEW statistics_customers AS SELECT * FROM customers WHERE ledger_number IS NOT NULL${scope === 'touched' ? ' AND customer_id IN (SELECT customer_id FROM pg_temp.statistics_scope)' : ''};
    CREATE TEMP VIEW statistics_sessions AS SELECT * FROM service_sessions${only('customer_id')};
    CREATE TEMP VIEW statistics_payments AS SELECT * FROM payments${only('customer_id')};
    CREATE TEMP VIEW statistics_reach AS SELECT ${scope === 'all'} AS everyone;`;
}
