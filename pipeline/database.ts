// Which database a command talks to: the server DATABASE_URL names, or else the embedded one. Connection
// failures become coded errors that show the URL with its password masked.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import pg from 'pg';
import { EtlError } from './errors.ts';
import { startEmbeddedServer, type EmbeddedOptions } from './embedded-server.ts';
import { maskUrl } from '../sinks/redact.ts';

export { maskUrl };

export interface Database {
  url: string;
  kind: 'external' | 'embedded';
  /** Stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export async function openDatabase(env: NodeJS.ProcessEnv = process.env, embedded: EmbeddedOptions = {}): Promise<Database> {
  const url = env.DATABASE_URL?.trim();
  if (url) return { url, kind: 'external', close: async () => {} };
  // AIBIO_DATA_DIR moves the embedded server's data folder (default .data/pg).
  const server = await startEmbeddedServer({ dataDir: env.AIBIO_DATA_DIR || undefined, ...embedded });
  return { url: server.url, kind: 'embedded', close: () => server.stop() };
}

export async function connect(url: string): Promise<pg.Client> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, application_name: 'aibio-ledger-migration' });
  } catch (cause) {
    throw new EtlError('DB_URL_INVALID', `DATABASE_URL is not a PostgreSQL URL: ${maskUrl(url)} (${(cause as Error).message})`, {
      cause,
      hint: 'write it as postgres://user:password@host:5432/dbname (percent-encode special characters in the password)',
    });
  }
  try {
    await client.connect();
  } catch (cause) {
    throw connectionError(cause, url);
  }
  // A lost connection surfaces as a rejected query; keep the process from crashing on the 'error' event.
  client.on('error', () => {});
  return client;
}

/**
 * Opens the command's database (DATABASE_URL or the embedded server) and a connection to it, runs
 * `action`, and always closes both — the embedded server too when connecting fails.
 */
export async function withDatabase<T>(action: (client: pg.Client, db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase();
  try {
    const client = await connect(db.url);
    try {
      return await action(client, db);
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    await db.close().catch(() => {});
  }
}

/** Opens a plain client, runs `action`, always closes it (for short admin work: tests, the benchmark). */
export async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

export function connectionError(cause: unknown, url: string): EtlError {
  const code = (cause as { code?: string }).code;
  const where = maskUrl(url);
  if (code === '28P01' || code === '28000') {
    return new EtlError('DB_AUTH_FAILED', `the server at ${where} refused the user name or password`, {
      cause,
      hint: 'check the user and password in DATABASE_URL',
    });
  }
  if (code === '3D000') {
    return new EtlError('DB_UNREACHABLE', `the database in ${where} does not exist`, { cause, hint: 'create it (createdb) or fix the name in DATABASE_URL' });
  }
  return new EtlError('DB_UNREACHABLE', `cannot reach PostgreSQL at ${where} (${code ?? (cause as Error).message})`, {
    cause,
    hint: 'check that the server is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded server',
  });
}

/**
 * How long a run waits for a row or table another session holds before it gives up, rolled back
 * (AIBIO_LOCK_WAIT_MS, default 10 s): the app's own transactions take milliseconds, and a run that waited
 * on a session left open would hold its own locks as long.
 */
export function runLockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.AIBIO_LOCK_WAIT_MS?.trim() || NaN);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 10_000;
}

/** SQLSTATEs and socket errors of a connection that is gone (terminated by the server, cut, reset). */
const LOST_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED']);
/** node-postgres's words for a client whose connection died between two queries. */
const LOST_MESSAGE = /Connection terminated|not queryable|ECONNRESET|EPIPE/i;

export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return !!e && (LOST_CODES.has(String(e.code)) || LOST_MESSAGE.test(String(e.message ?? '')));
}

/** An error the server sent (it carries a five-character SQLSTATE), or a lost connection. */
export function isDatabaseFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) || isConnectionLost(error);
}

/** Turns a server error during a run into a coded error; a lost connection gets its own code. */
export function databaseError(cause: unknown, during: string): EtlError {
  if (cause instanceof EtlError) return cause;
  const error = cause as { code?: string; message?: string; where?: string; detail?: string };
  if (isConnectionLost(cause)) {
    return new EtlError('DB_CONNECTION_LOST', `the connection to PostgreSQL was lost during ${during}; nothing was committed`, {
      cause,
      hint: 'check the server and run the same command again',
    });
  }
  if (error.code === '55P03') {
    // lock_timeout (run.ts): the app kept a row or table the run needed locked
    return new EtlError('TABLES_BUSY', `another session (the center's app?) held a lock the run needed during ${during} for longer than the run waits (${runLockWaitMs()} ms); nothing was committed`, {
      cause,
      hint: 'run it again when the app is idle; AIBIO_LOCK_WAIT_MS sets how long a run waits',
    });
  }
  const detail = [error.message, error.detail, error.where].filter(Boolean).join('; ');
  return new EtlError('DB_ERROR', `PostgreSQL refused ${during}: ${detail}${error.code ? ` (SQLSTATE ${error.code})` : ''}; nothing was committed`, {
    cause,
    hint: 'this is likely a bug or a schema out of date; run `npm run migrate -- up` and report the message if it persists',
  });
}

/**
 * Runs one multi-statement SQL file inside the caller's transaction (a source's merge, the statistics
 * step) and returns its counters: the file ends with a one-row SELECT of numbers.
 */
export async function runSqlFile(client: pg.ClientBase, path: string, during: string): Promise<Record<string, number>> {
  const result = (await step(during, () => client.query(readFileSync(path, 'utf8')))) as pg.QueryResult | pg.QueryResult[];
  // A multi-statement query resolves to one result per statement.
  const last = (Array.isArray(result) ? result : [result]).at(-1);
  if (last?.command !== 'SELECT' || last.rows.length !== 1) throw new Error(`${basename(path)} must end with a one-row SELECT of its counters`);
  return Object.fromEntries(Object.entries(last.rows[0] as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
}

/** Runs one database action of a run; a server error becomes a coded error that names the step. */
export async function step<T>(during: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw databaseError(error, during);
  }
}
