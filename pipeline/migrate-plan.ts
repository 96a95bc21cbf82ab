// `npm run migrate -- up --dry-run`: what the pending migrations would change, shown before anything is
// changed. They are applied inside a transaction that is then rolled back, and the catalog is compared
// before and after: every column, constraint, index and trigger added to, changed on or removed from a
// table that exists now (the app's customers table, above all), and the schemas and tables that would
// be new. Reading the real effect, not a list kept by hand, means the plan cannot drift from the SQL.

import type { ClientBase } from 'pg';
import { migrateInsideTransaction } from './migrate-in-transaction.ts';
import { MIGRATION_LOCK_WAIT_MS, pendingMigrations } from './migrate.ts';

interface TableShape {
  columns: Record<string, string>;
  constraints: Record<string, string>;
  indexes: Record<string, string>;
  triggers: Record<string, string>;
}

export type Catalog = { schemas: string[]; tables: Record<string, TableShape> };

export interface MigrationPlan {
  pending: string[];
  /** Per table that exists now: what the migrations would do to it, one line each. */
  changes: Record<string, string[]>;
  newSchemas: string[];
  newTables: string[];
}

/** Applies the pending migrations in a transaction, reads what changed, and rolls everything back. */
export async function planMigrations(client: ClientBase): Promise<MigrationPlan> {
  const pending = await pendingMigrations(client);
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${MIGRATION_LOCK_WAIT_MS}`);
    const before = await readCatalog(client);
    await migrateInsideTransaction(client);
    const after = await readCatalog(client);
    return { pending, ...compareCatalogs(before, after) };
  } finally {
    await client.query('ROLLBACK');
  }
}

const SYSTEM_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`;

/** Every schema and table (columns, constraints, indexes, triggers) outside the system schemas. */
export async function readCatalog(client: ClientBase): Promise<Catalog> {
  const schemas = (await client.query<{ name: string }>(`SELECT n.nspname AS name FROM pg_namespace n WHERE ${SYSTEM_SCHEMAS} ORDER BY 1`)).rows.map((r) => r.name);
  const { rows } = await client.query<{ name: string; shape: TableShape }>(
    `SELECT n.nspname || '.' || c.relname AS name, jsonb_build_object(
        'columns', (SELECT coalesce(jsonb_object_agg(a.attname,
                        format_type(a.atttypid, a.atttypmod)
                        || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                        || coalesce(CASE WHEN a.attgenerated <> '' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                                         ELSE ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) END, '')), '{}')
                      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
        'constraints', (SELECT coalesce(jsonb_object_agg(k.conname, pg_get_constraintdef(k.oid)), '{}') FROM pg_constraint k WHERE k.conrelid = c.oid),
        'indexes', (SELECT coalesce(jsonb_object_agg(i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)), '{}') FROM pg_index i WHERE i.indrelid = c.oid),
        'triggers', (SELECT coalesce(jsonb_object_agg(t.tgname, pg_get_triggerdef(t.oid)), '{}') FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
     ) AS shape
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND ${SYSTEM_SCHEMAS}`,
  );
  return { schemas, tables: Object.fromEntries(rows.map((r) => [r.name, r.shape])) };
}

const KINDS = ['columns', 'constraints', 'indexes', 'triggers'] as const;
const SINGULAR: Record<(typeof KINDS)[number], string> = { columns: 'column', constraints: 'constraint', indexes: 'index', triggers: 'trigger' };

export function compareCatalogs(before: Catalog, after: Catalog): Omit<MigrationPlan, 'pending'> {
  const changes: Record<string, string[]> = {};
  for (const [table, was] of Object.entries(before.tables)) {
    const now = after.tables[table];
    if (!now) {
      changes[table] = ['- the table would be dropped'];
      continue;
    }
    const lines: string[] = [];
    for (const kind of KINDS) {
      for (const [name, definition] of Object.entries(now[kind]).sort(([a], [b]) => a.localeCompare(b))) {
        const old = was[kind][name];
        if (old === undefined) lines.push(`+ ${SINGULAR[kind]} ${name}: ${definition}`);
        else if (old !== definition) lines.push(`~ ${SINGULAR[kind]} ${name}: ${old} → ${definition}`);
      }
      for (const name of Object.keys(was[kind])) if (now[kind][name] === undefined) lines.push(`- ${SINGULAR[kind]} ${name}`);
    }
    if (lines.length) changes[table] = lines;
  }
  return {
    changes,
    newSchemas: after.schemas.filter((s) => !before.schemas.includes(s)),
    newTables: Object.keys(after.tables).filter((t) => !before.tables[t]).sort(),
  };
}

export function formatMigrationPlan(plan: MigrationPlan): string {
  if (plan.pending.length === 0) return 'up --dry-run: nothing pending; the schema is up to date';
  const lines = [`up --dry-run: ${plan.pending.length} pending migration(s), ${plan.pending[0]} … ${plan.pending.at(-1)}`];
  const touched = Object.entries(plan.changes);
  if (touched.length === 0) lines.push('no table that exists now would change');
  for (const [table, changes] of touched) {
    lines.push(`changes to ${table}, which exists now:`);
    for (const change of changes) lines.push(`  ${change}`);
  }
  if (plan.newSchemas.length) lines.push(`new schemas: ${plan.newSchemas.join(', ')}`);
  if (plan.newTables.length) lines.push(`new tables: ${plan.newTables.join(', ')}`);
  lines.push(`nothing was changed (applied in a transaction and rolled back; it waited at most ${MIGRATION_LOCK_WAIT_MS} ms for the app's locks)`);
  return lines.join('\n');
}
