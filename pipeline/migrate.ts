// Schema migrations through node-pg-migrate: `up` applies what is pending, `down` rolls back (all by
// default, which is the plan's rollback). Loads refuse to run on a schema that is not up to date.
// On the center's live database the app is using the tables: every migration waits at most
// MIGRATION_LOCK_WAIT for a lock the app holds, then gives up with nothing changed, rather than queue
// the app's queries behind it.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';
import { EtlError } from './errors.ts';
import { PROJECT_ROOT } from './embedded-server.ts';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');
export const MIGRATIONS_TABLE = 'pgmigrations';
/** How long a migration may wait for a lock the app holds (AIBIO_LOCK_WAIT_MS overrides it). */
export const MIGRATION_LOCK_WAIT_MS = 2000;

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
  /** How long to wait for a lock held by another session (default MIGRATION_LOCK_WAIT_MS). */
  lockWaitMs?: number;
}

export async function migrate(client: ClientBase, options: MigrateOptions): Promise<string[]> {
  // Loaded on first use: most commands only check that nothing is pending.
  const { runner } = await import('node-pg-migrate');
  const wait = options.lockWaitMs ?? lockWaitFromEnv();
  const [previous] = (await client.query<{ v: string }>(`SELECT current_setting('lock_timeout') AS v`)).rows;
  await client.query(`SET lock_timeout = ${Math.max(1, Math.round(wait))}`);
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
    if (options.direction === 'down') await dropEmptyMigrationsTable(client);
    return applied.map((m) => m.name);
  } catch (cause) {
    throw migrationError(cause, options.direction, wait);
  } finally {
    await client.query(`SELECT set_config('lock_timeout', $1, false)`, [previous!.v]).catch(() => {});
  }
}

function lockWaitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AIBIO_LOCK_WAIT_MS?.trim();
  const n = raw ? Number(raw) : NaN;
  return Number.isFinite(n) && n > 0 ? n : MIGRATION_LOCK_WAIT_MS;
}

/** SQLSTATEs a migration meets on someone else's database, and what to do about each. */
function migrationError(cause: unknown, direction: string, waitMs: number): EtlError {
  const error = cause as { code?: string; message?: string; hint?: string };
  const message = `migrating ${direction} failed: ${error.message ?? String(cause)}`;
  let hint = error.hint ?? 'nothing was changed (migrations run in one transaction); fix the cause and run it again';
  if (error.code === '55P03') {
    hint = `another session (the center's app?) held a lock for more than ${waitMs} ms; nothing was changed — run it again when the app is idle, or raise AIBIO_LOCK_WAIT_MS`;
  } else if (error.code === '42P07' || error.code === '42P06') {
    hint = 'the database already has an object of that name that this tool would create; nothing was changed — this tool adopts an existing customers table, but not other tables (docs/operations.md, "Migrating into your existing database")';
  }
  return new EtlError('MIGRATION_FAILED', message, { cause, hint });
}

/**
 * node-pg-migrate leaves its bookkeeping table behind after the last down; a rollback of everything must
 * leave the database as it found it. Kept when it still lists a migration (someone else's, say).
 */
async function dropEmptyMigrationsTable(client: ClientBase): Promise<void> {
  const [exists] = (await client.query<{ t: string | null }>(`SELECT to_regclass('public.${MIGRATIONS_TABLE}')::text AS t`)).rows;
  if (!exists?.t) return;
  const [row] = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM public.${MIGRATIONS_TABLE}`)).rows;
  if (row!.n === 0) await client.query(`DROP TABLE public.${MIGRATIONS_TABLE}`);
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
