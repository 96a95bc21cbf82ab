// A fresh, migrated database per test file (a clone of the template built in global setup), on the
// real server. `DATABASE_URL` for child processes points at it.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { withClient } from '../../pipeline/database.ts';

export interface TestDatabase {
  url: string;
  name: string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  client(): Promise<pg.Client>;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `${inject('dbPrefix')}${process.pid}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(options.migrated === false ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  pool.on('error', () => {});
  return {
    url: dbUrl,
    name,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    client: async () => {
      const c = new pg.Client({ connectionString: dbUrl });
      c.on('error', () => {});
      await c.connect();
      return c;
    },
    drop: async () => {
      await pool.end();
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Every row of a table, ordered by all columns, as JSON text: equal snapshots mean equal tables. */
export async function snapshotTable(db: TestDatabase, table: string, ignore: readonly string[] = []): Promise<string> {
  const columns = (
    await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema || '.' || table_name = $1 OR (table_schema = 'public' AND table_name = $1) ORDER BY ordinal_position`,
      [table],
    )
  )
    .map((c) => c.column_name)
    .filter((c) => !ignore.includes(c));
  const list = columns.map((c) => `"${c}"`).join(', ');
  const rows = await db.query(`SELECT ${list} FROM ${table} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`);
  return JSON.stringify(rows);
}
