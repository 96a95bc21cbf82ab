// After the load, ANALYZE the tables the run changed (the plan's "통계 업데이트"), so the planner knows
// the new row counts at once. What changed is read from the server's per-transaction counters,
// compared with the same counters when the run began.

import type { ClientBase } from 'pg';
import { quoteQualified, type QualifiedName } from './table-catalog.ts';

export type ChangeCounters = Map<QualifiedName, number>;

/** Rows inserted, updated or deleted so far in this session's transaction, per table of public and etl. */
export async function changeCounters(client: ClientBase): Promise<ChangeCounters> {
  const rows = await client.query<{ name: string; changed: string }>(
    `SELECT schemaname || '.' || relname AS name, n_tup_ins + n_tup_upd + n_tup_del AS changed
       FROM pg_stat_xact_user_tables WHERE schemaname IN ('public', 'etl')`,
  );
  return new Map(rows.rows.map((r) => [r.name, Number(r.changed)]));
}

/** ANALYZEs every table whose counters moved since `baseline`; returns them, sorted. */
export async function analyzeChangedTables(client: ClientBase, baseline: ChangeCounters): Promise<QualifiedName[]> {
  const now = await changeCounters(client);
  const changed = [...now].filter(([name, count]) => count > (baseline.get(name) ?? 0)).map(([name]) => name).sort();
  for (const table of changed) await client.query(`ANALYZE ${quoteQualified(table)}`);
  return changed;
}
