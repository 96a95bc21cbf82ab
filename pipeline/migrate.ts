// Schema migrations through node-pg-migrate: `up` applies what is pending, `down` rolls back (all by
// default, which is the plan's rollback). Loads refuse to run on a schema that is not up to date.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';
import { EtlError } from './errors.ts';
import { PROJECT_ROOT } from './embedded-server.ts';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');
const MIGRATIONS_TABLE = 'pgmigrations';

export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -'.sql'.length))
    .sort();
}

export interface MigrateOptions {
  direction: 'up' | 'down';
  /** How many to apply or roll back; default: all. */
  count?: number;
  log?: (line: string) => void;
}

export async function migrate(client: ClientBase, options: MigrateOptions): Promise<string[]> {
  // Loaded on first use: most commands only check that nothing is pending.
  const { runner } = await import('node-pg-migrate');
  try {
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsTable: MIGRATIONS_TABLE,
      direction: options.direction,
      count: options.count ?? Infinity,
      singleTransaction: true,
      checkOrder: true,
      log: options.log ?? (() => {}),
      logger: { debug: () => {}, info: options.log ?? (() => {}), warn: options.log ?? (() => {}), error: options.log ?? (() => {}) },
    });
    return applied.map((m) => m.name);
  } catch (cause) {
    throw new EtlError('MIGRATION_FAILED', `migrating ${options.direction} failed: ${(cause as Error).message}`, {
      cause,
      hint: 'nothing was changed (migrations run in one transaction); fix the cause and run it again',
    });
  }
}

/** Names of applied migrations, or [] when none ever ran. */
export async function appliedMigrations(client: ClientBase): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass('public.${MIGRATIONS_TABLE}') AS t`);
  if (!exists.rows[0]?.t) return [];
  const rows = await client.query<{ name: string }>(`SELECT name FROM public.${MIGRATIONS_TABLE} ORDER BY run_on, id`);
  return rows.rows.map((r) => r.name);
}

export async function pendingMigrations(client: ClientBase): Promise<string[]> {
  const applied = new Set(await appliedMigrations(client));
  return migrationNames().filter((name) => !applied.has(name));
}

export async function assertMigrated(client: ClientBase): Promise<void> {
  const pending = await pendingMigrations(client);
  if (pending.length > 0) {
    throw new EtlError('MIGRATIONS_NOT_APPLIED', `the database schema is not up to date: ${pending.length} migration(s) pending, first ${pending[0]}`, {
      hint: 'run `npm run migrate -- up` (or `npm run pipeline:all`, which migrates first)',
    });
  }
}
