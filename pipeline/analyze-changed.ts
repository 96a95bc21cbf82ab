// After the load, ANALYZE the tables the run changed enough to matter (the plan's "통계 업데이트"), so the
// planner knows the new row counts at once. What changed is read from the server's per-transaction
// counters, compared with the same counters when the run began. "Enough" is autovacuum's own rule
// (50 rows + 10% of the table, or a table never analyzed): ten rows into a million-row table leave its
// statistics true, and re-reading a sample of it would cost more than the load.

import type { ClientBase } from 'pg';
import { quoteQualified, type QualifiedName } from './table-catalog.ts';

export type ChangeCounters = Map<QualifiedName, number>;

/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, at PostgreSQL's defaults. */
export const ANALYZE_THRESHOLD = { rows: 50, share: 0.1 } as const;

/** Rows inserted, updated or deleted so far in this session's transaction, per table of public and etl. */
export async function changeCounters(client: ClientBase): Promise<ChangeCounters> {
  const rows = await client.query<{ name: string; changed: string }>(
    `SELECT schemaname || '.' || relname AS name, n_tup_ins + n_tup_upd + n_tup_del AS changed
       FROM pg_stat_xact_user_tables WHERE schemaname IN ('public', 'etl')`,
  );
  return new Map(rows.rows.map((r) => [r.name, Number(r.changed)]));
}

/** ANALYZEs every table whose counters moved enough since `baseline`; returns them, sorted. */
export async function analyzeChangedTables(client: ClientBase, baseline: ChangeCounters): Promise<QualifiedName[]> {
  const now = await changeCounters(client);
  const moved = [...now].map(([name, count]) => [name, count - (baseline.get(name) ?? 0)] as const).filter(([, changed]) => changed > 0);
  if (moved.length === 0) return [];
  // reltuples: the row count the planner believes (-1 for a table never analyzed)
  const { rows } = await client.query<{ name: string; reltuples: number }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.reltuples::float8 AS reltuples
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname || '.' || c.relname = ANY($1)`,
    [moved.map(([name]) => name)],
  );
  const believed = new Map(rows.map((r) => [r.name, r.reltuples]));
  const changed = moved
    .filter(([name, count]) => {
      const tuples = believed.get(name) ?? -1;
      return tuples < 0 || count > ANALYZE_THRESHOLD.rows + ANALYZE_THRESHOLD.share * tuples;
    })
    .map(([name]) => name)
    .sort();
  for (const table of changed) await client.query(`ANALYZE ${quoteQualified(table)}`);
  return changed;
}
