// A digest of what a load left in the final tables, comparable across runs, machines and worktrees: every
// row of every final table (and the review list) as PostgreSQL's own JSON, with what legitimately differs
// between two loads of the same ledgers left out — timestamps, run ids, serial surrogate keys (their values
// follow insertion order) — and file paths cut to their base name (`/work/x/samples/키트.csv` → `키트.csv`).
// Rows are sorted in JavaScript, by code unit, so the server's collation plays no part.

import { createHash } from 'node:crypto';
import type { TestDatabase } from './db.ts';

/** The final tables and the review list, as pipeline/final-tables.ts and snapshot-all.ts name them. */
export const DIGEST_TABLES = [
  'public.customers',
  'public.customer_preferences',
  'public.customer_analytics',
  'public.marketing_leads',
  'public.kit_receipts',
  'public.service_sessions',
  'public.payments',
  'public.monthly_revenue',
  'etl.match_review',
] as const;

/** Columns that say when or by which run a row was written, not what it holds. */
const VOLATILE = new Set(['created_at', 'updated_at', 'run_id', 'last_run_id', 'loaded_at', 'reviewed_at']);
/** Columns that hold a file: only the base name is compared. */
const PATHS = new Set(['file', 'source_file']);

export interface TableDigest {
  /** sha256 of every table's sorted rows. */
  digest: string;
  rows: Record<string, number>;
  /** Per table: its sorted rows, one JSON text each (for a readable diff when two digests differ). */
  tables: Record<string, string[]>;
}

export async function tableDigest(db: TestDatabase, options: { ignore?: Readonly<Record<string, readonly string[]>> } = {}): Promise<TableDigest> {
  const hash = createHash('sha256');
  const rows: Record<string, number> = {};
  const tables: Record<string, string[]> = {};
  for (const table of DIGEST_TABLES) {
    const [schema, name] = table.split('.') as [string, string];
    const columns = await db.query<{ column_name: string; column_default: string | null; is_identity: string }>(
      `SELECT column_name, column_default, is_identity FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
      [schema, name],
    );
    const ignored = new Set(options.ignore?.[table] ?? []);
    // customers.customer_id is the ledger's 번호, set by the load: compared. Other serials are insertion order.
    const serial = (c: (typeof columns)[number]) => (c.is_identity === 'YES' || /^nextval\(/.test(c.column_default ?? '')) && !(table === 'public.customers' && c.column_name === 'customer_id');
    const kept = columns.filter((c) => !VOLATILE.has(c.column_name) && !ignored.has(c.column_name) && !serial(c)).map((c) => c.column_name);
    const select = kept.map((c) => (PATHS.has(c) ? `regexp_replace(${quote(c)}, '^.*/', '') AS ${quote(c)}` : quote(c))).join(', ');
    const result = await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM (SELECT ${select} FROM ${quote(schema)}.${quote(name)}) t`);
    const sorted = result.map((r) => r.j).sort();
    hash.update(`${table}\n${kept.join(',')}\n${sorted.join('\n')}\n`);
    rows[table] = sorted.length;
    tables[table] = sorted;
  }
  return { digest: hash.digest('hex'), rows, tables };
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
