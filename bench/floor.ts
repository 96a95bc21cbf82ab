// The physical floor of a load: the final state the pipeline reached, written by the cheapest means the
// server offers, on the same server. The pipeline's own output — every table a run writes that the run
// left with rows — is dumped (not timed), then reloaded into a fresh migrated database in ONE transaction,
// the way pg_restore would: foreign keys and every index but the primary key dropped, the tables truncated
// (so at wal_level=minimal, which the embedded server runs, their new storage is written without WAL and
// synced at commit), the rows COPYed in, the indexes rebuilt and the foreign keys validated once. The
// tables' own triggers (the undo log's capture) are off during the reload: restoring a dump needs no undo.
// A digest of every reloaded table, compared with the pipeline's, shows the floor reached the same state.

import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { withClient } from '../pipeline/database.ts';
import { quoteIdentifier } from '../sinks/copy-sink.ts';

/** The tables a run writes (the undo log captures them, migration 0508): the final state of a load. */
export const RUN_TABLES = [
  'public.customers',
  'public.customer_preferences',
  'public.customer_analytics',
  'public.marketing_leads',
  'public.kit_receipts',
  'public.service_sessions',
  'public.payments',
  'public.monthly_revenue',
  'etl.match_review',
  'etl.link_decisions',
  'etl.match_decided',
] as const;

export interface TableDump {
  table: string;
  /** The columns COPY writes: all but generated ones, which the server computes again. */
  columns: string[];
  file: string;
  rows: number;
}

export interface TableDigest {
  rows: number;
  /** Order-independent: the sum of the first 64 bits of each row's md5, over the row's text. */
  sum: string;
}

/** Dumps every run table the load left with rows, in COPY text (not timed). */
export async function dumpRunTables(url: string, dir: string): Promise<TableDump[]> {
  return withClient(url, async (client) => {
    const dumps: TableDump[] = [];
    for (const table of await existingTables(client)) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdentifier(table)}`);
      const count = Number(rows[0]!.n);
      if (count === 0) continue;
      const columns = await copyableColumns(client, table);
      const file = join(dir, `${table}.copy`);
      await pipeline(client.query(copyTo(`COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) TO STDOUT`)), createWriteStream(file));
      dumps.push({ table, columns, file, rows: count });
    }
    return dumps;
  });
}

/** Deletes the dump files (a 5M-row sessions database dumps gigabytes). */
export function removeDumps(dumps: readonly TableDump[]): void {
  for (const dump of dumps) rmSync(dump.file, { force: true });
}

/** The floor: the dumps reloaded into `url` (a fresh migrated database) in one transaction; its seconds. */
export async function reloadFloor(url: string, dumps: readonly TableDump[]): Promise<number> {
  return withClient(url, async (client) => {
    const tables = dumps.map((d) => d.table);
    const started = performance.now();
    await client.query('BEGIN');
    // Foreign keys from or to a reloaded table: TRUNCATE refuses a referenced table, and COPY would check
    // every row one by one. Added back at the end, each validated by one query.
    const foreignKeys = await client.query<{ on_table: string; name: string; definition: string }>(
      `SELECT conrelid::regclass::text AS on_table, conname AS name, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE contype = 'f' AND (conrelid = ANY($1::regclass[]) OR confrelid = ANY($1::regclass[]))`,
      [tables],
    );
    for (const fk of foreignKeys.rows) await client.query(`ALTER TABLE ${fk.on_table} DROP CONSTRAINT ${quoteIdentifier(fk.name)}`);
    await client.query(`TRUNCATE ${tables.map(quoteIdentifier).join(', ')}`);
    // Every index but the primary key's; a UNIQUE constraint goes and comes back as the constraint it is.
    const indexes = await client.query<{ on_table: string; index: string; constraint_name: string | null; definition: string }>(
      `SELECT i.indrelid::regclass::text AS on_table, i.indexrelid::regclass::text AS index, c.conname AS constraint_name,
              coalesce(pg_get_constraintdef(c.oid), pg_get_indexdef(i.indexrelid)) AS definition
         FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('u', 'x')
        WHERE i.indrelid = ANY($1::regclass[]) AND NOT i.indisprimary`,
      [tables],
    );
    for (const ix of indexes.rows) {
      await client.query(ix.constraint_name ? `ALTER TABLE ${ix.on_table} DROP CONSTRAINT ${quoteIdentifier(ix.constraint_name)}` : `DROP INDEX ${ix.index}`);
    }
    for (const table of tables) await client.query(`ALTER TABLE ${quoteIdentifier(table)} DISABLE TRIGGER USER`);
    for (const dump of dumps) {
      await pipeline(createReadStream(dump.file), client.query(copyFrom(`COPY ${quoteIdentifier(dump.table)} (${dump.columns.map(quoteIdentifier).join(', ')}) FROM STDIN`)));
    }
    for (const ix of indexes.rows) {
      await client.query(ix.constraint_name ? `ALTER TABLE ${ix.on_table} ADD CONSTRAINT ${quoteIdentifier(ix.constraint_name)} ${ix.definition}` : ix.definition);
    }
    for (const fk of foreignKeys.rows) await client.query(`ALTER TABLE ${fk.on_table} ADD CONSTRAINT ${quoteIdentifier(fk.name)} ${fk.definition}`);
    for (const table of tables) await client.query(`ALTER TABLE ${quoteIdentifier(table)} ENABLE TRIGGER USER`);
    await client.query('COMMIT');
    return (performance.now() - started) / 1000;
  });
}

/** A digest of each of `tables` (rows compared whole, as the row's text), to tell two databases' states apart. */
export async function digestTables(url: string, tables: readonly string[]): Promise<Map<string, TableDigest>> {
  return withClient(url, async (client) => {
    const out = new Map<string, TableDigest>();
    for (const table of tables) {
      const { rows } = await client.query<{ n: string; sum: string }>(
        `SELECT count(*) AS n, coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0)::text AS sum FROM ${quoteIdentifier(table)} t`,
      );
      out.set(table, { rows: Number(rows[0]!.n), sum: rows[0]!.sum });
    }
    return out;
  });
}

/** The tables whose digests differ between two databases (empty when they hold the same rows). */
export function differingTables(a: ReadonlyMap<string, TableDigest>, b: ReadonlyMap<string, TableDigest>): string[] {
  const tables = new Set([...a.keys(), ...b.keys()]);
  return [...tables].filter((t) => a.get(t)?.rows !== b.get(t)?.rows || a.get(t)?.sum !== b.get(t)?.sum);
}

/**
 * The run tables this database has (a database migrated part way may lack some), and any other table the
 * undo log captures, so a table a later migration adds to the runs is part of the floor without a change here.
 */
export async function existingTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    `SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL
     UNION
     SELECT n.nspname || '.' || c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE g.tgname = 'etl_undo_insert'
     ORDER BY 1`,
    [RUN_TABLES],
  );
  return rows.map((r) => r.t);
}

async function copyableColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const [schema, name] = table.split('.') as [string, string];
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [schema, name],
  );
  return rows.map((r) => r.column_name);
}
