// What the database says about the final tables: which exist, which other tables hang off them by
// foreign key, the order to write them in (parents first), their columns and their id sequences.
// Backup, restore and verification all take the table list from here, so they always agree.

import type { ClientBase } from 'pg';
import { COMPANION_TABLES, FINAL_TABLES } from './final-tables.ts';

/** `schema.table`, unquoted (every table of this project has a plain lower-case name). */
export type QualifiedName = string;

export interface ColumnInfo {
  name: string;
  /** GENERATED ALWAYS AS (…) STORED: computed by the server, never written. */
  generated: boolean;
}

/** Schemas whose tables are never final: rows in flight, backups, the migration log lives in public.pgmigrations. */
const NOT_FINAL_SCHEMAS = ['staging', 'backup', 'pg_catalog', 'information_schema'];

export function qualify(name: string): QualifiedName {
  return name.includes('.') ? name : `public.${name}`;
}

export async function existingTables(client: ClientBase, names: readonly string[]): Promise<Set<QualifiedName>> {
  const qualified = names.map(qualify);
  const rows = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname || '.' || c.relname = ANY($1)`,
    [qualified],
  );
  return new Set(rows.rows.map((r) => r.name));
}

interface ForeignKey {
  child: QualifiedName;
  parent: QualifiedName;
}

async function foreignKeys(client: ClientBase): Promise<ForeignKey[]> {
  const rows = await client.query<ForeignKey>(
    `SELECT cn.nspname || '.' || cc.relname AS child, pn.nspname || '.' || pc.relname AS parent
       FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND NOT (cn.nspname = ANY($1))`,
    [NOT_FINAL_SCHEMAS],
  );
  return rows.rows;
}

/** The tables final-tables.ts names (final tables, then companions), qualified, in registry order. */
const REGISTERED: readonly QualifiedName[] = [...FINAL_TABLES.map((t) => t.name), ...COMPANION_TABLES].map(qualify);

/**
 * Every final table that exists — the registered ones, their companions, and any table that points at
 * one of them by foreign key (so restoring a parent never strands a child) — parents first.
 */
export async function finalTableSet(client: ClientBase): Promise<QualifiedName[]> {
  const found = await existingTables(client, REGISTERED);
  const keys = await foreignKeys(client);
  const set = new Set(REGISTERED.filter((t) => found.has(t)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const { child, parent } of keys) {
      if (set.has(parent) && !set.has(child)) {
        set.add(child);
        grew = true;
      }
    }
  }
  return parentsFirst([...set], keys, REGISTERED);
}

/** Tables that point at a final table by foreign key but have no entry in final-tables.ts. */
export async function unregisteredDependents(client: ClientBase): Promise<QualifiedName[]> {
  return (await finalTableSet(client)).filter((t) => !REGISTERED.includes(t));
}

/** Every table of the given schemas (minus `exclude`), parents first: what a file backup carries. */
export async function tablesInSchemas(client: ClientBase, schemas: readonly string[], exclude: readonly QualifiedName[]): Promise<QualifiedName[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1) AND NOT (n.nspname || '.' || c.relname = ANY($2))`,
    [schemas, exclude],
  );
  return parentsFirst(rows.rows.map((r) => r.name), await foreignKeys(client), REGISTERED);
}

/** Any tables, parents first by the foreign keys between them (restore writes in this order). */
export async function orderParentsFirst(client: ClientBase, tables: readonly QualifiedName[]): Promise<QualifiedName[]> {
  return parentsFirst([...tables], await foreignKeys(client), REGISTERED);
}

/** The primary key's columns, in key order ([] when the table has none). */
export async function primaryKey(client: ClientBase, table: QualifiedName): Promise<string[]> {
  const rows = await client.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = to_regclass($1) AND i.indisprimary
      ORDER BY k.ord`,
    [quoteQualified(table)],
  );
  return rows.rows.map((r) => r.name);
}

/** The single-column foreign keys that point at `table`: which table and column hold the reference. */
export async function referencesTo(client: ClientBase, table: QualifiedName): Promise<{ child: QualifiedName; column: string; parentColumn: string }[]> {
  const rows = await client.query<{ child: string; column: string; parent_column: string }>(
    `SELECT cn.nspname || '.' || cc.relname AS child, a.attname AS column, pa.attname AS parent_column
       FROM pg_constraint k
       JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND k.confrelid = to_regclass($1) AND cardinality(k.conkey) = 1`,
    [quoteQualified(table)],
  );
  return rows.rows.map((r) => ({ child: r.child, column: r.column, parentColumn: r.parent_column }));
}

/** Topological order over the foreign keys inside the set; ties keep the registry's order, then by name. */
function parentsFirst(tables: QualifiedName[], keys: readonly ForeignKey[], registered: readonly QualifiedName[]): QualifiedName[] {
  const rank = (t: QualifiedName) => (registered.includes(t) ? registered.indexOf(t) : registered.length);
  const pending = [...tables].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const ordered: QualifiedName[] = [];
  while (pending.length > 0) {
    const next = pending.findIndex((t) => keys.every((k) => k.child !== t || !pending.includes(k.parent)));
    // A foreign-key cycle between two final tables: take the rest as they come (restore defers nothing).
    const [table] = pending.splice(next === -1 ? 0 : next, 1);
    ordered.push(table!);
  }
  return ordered;
}

export async function tableColumns(client: ClientBase, table: QualifiedName): Promise<ColumnInfo[]> {
  const rows = await client.query<{ name: string; generated: boolean }>(
    `SELECT a.attname AS name, a.attgenerated <> '' AS generated
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [quoteQualified(table)],
  );
  return rows.rows;
}

/** The sequences that feed a table's serial or identity columns. */
export async function tableSequences(client: ClientBase, table: QualifiedName): Promise<{ column: string; sequence: string }[]> {
  const rows = await client.query<{ column: string; sequence: string | null }>(
    `SELECT a.attname AS column, pg_get_serial_sequence($1, a.attname) AS sequence
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [quoteQualified(table)],
  );
  return rows.rows.filter((r): r is { column: string; sequence: string } => r.sequence !== null);
}

/** How many rows a table holds now. */
export async function countRows(client: ClientBase, table: QualifiedName): Promise<number> {
  const [row] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteQualified(table)}`)).rows;
  return row!.n;
}

export function quoteQualified(table: QualifiedName): string {
  return qualify(table).split('.').map(quoteName).join('.');
}

/** One identifier, quoted (run ids carry capitals and dashes: `"20250606T120000Z-ab12_customers"`). */
export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The VARCHAR limits of the public tables' columns, keyed `customers.name` (the center's table may hold 50). */
export async function columnLimits(client: ClientBase): Promise<Record<string, number>> {
  const rows = await client.query<{ key: string; n: number }>(
    `SELECT table_name || '.' || column_name AS key, character_maximum_length AS n
       FROM information_schema.columns WHERE table_schema = 'public' AND character_maximum_length IS NOT NULL`,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.key, r.n]));
}
