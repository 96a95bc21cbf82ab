// Watches a load running in another process from the server's side (pg_stat_activity and
// pg_stat_progress_copy), so the fault tests can strike at a chosen point: during start-up, while the
// COPY has sent N rows, during the merge, at COMMIT.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { NODE_ARGS } from './cli.ts';
import type { TestDatabase } from './db.ts';

export type Phase = 'none' | 'connected' | 'copy' | 'merge' | 'commit' | 'other';

export interface Activity {
  pid: number;
  state: string;
  query: string;
  /** Rows the running COPY has received, when a COPY is running. */
  copied: number | null;
  phase: Phase;
}

export interface Watcher {
  /** The load's backend right now, or null when it has none (not connected yet, or gone). */
  activity(): Promise<Activity | null>;
  /** Polls until `until` holds or the child exits; returns the activity that matched, or null on exit. */
  waitFor(child: RunningCli, until: (a: Activity | null) => boolean): Promise<Activity | null>;
  /** Waits until the load's backend has left the server (a killed client's transaction is over). */
  waitGone(): Promise<void>;
  end(): Promise<void>;
}

export interface RunningCli {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  hasExited(): boolean;
}

const POLL_MS = 5;
const GONE_TIMEOUT_MS = 60_000;

/** The first line of each merge file, as pg_stat_activity shows the query running it. */
export function mergeMarkers(mergeSql: readonly string[]): string[] {
  return mergeSql.map((path) => readFileSync(path, 'utf8').split('\n')[0]!);
}

export async function watchLoads(db: TestDatabase, merges: readonly string[]): Promise<Watcher> {
  const client = await db.client();
  const activity = async (): Promise<Activity | null> => {
    const { rows } = await client.query<{ pid: number; state: string; query: string; copied: string | null }>(
      `SELECT a.pid, a.state, a.query, p.tuples_processed AS copied
         FROM pg_stat_activity a LEFT JOIN pg_stat_progress_copy p ON p.pid = a.pid
        WHERE a.datname = $1 AND a.application_name = 'aibio-ledger-migration' AND a.pid <> pg_backend_pid()`,
      [db.name],
    );
    const row = rows[0];
    if (!row) return null;
    const copied = row.copied === null ? null : Number(row.copied);
    const active = row.state === 'active';
    const phase: Phase =
      active && row.query.startsWith('COPY "staging"')
        ? 'copy'
        : active && merges.some((m) => row.query.startsWith(m))
          ? 'merge'
          : row.query === 'COMMIT'
            ? 'commit'
            : 'other';
    return { pid: row.pid, state: row.state, query: row.query, copied, phase };
  };
  return {
    activity,
    async waitFor(run, until) {
      for (;;) {
        if (run.hasExited()) return null;
        const now = await activity();
        if (until(now)) return now;
        await sleep(POLL_MS);
      }
    },
    async waitGone() {
      const deadline = Date.now() + GONE_TIMEOUT_MS;
      while ((await activity()) !== null) {
        if (Date.now() > deadline) throw new Error(`the killed load's backend is still on the server after ${GONE_TIMEOUT_MS} ms`);
        await sleep(POLL_MS);
      }
    },
    end: () => client.end(),
  };
}

/** Starts the CLI in a child process (as `npm run pipeline` would), collecting its output. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  let done = false;
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      done = true;
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, exited, hasExited: () => done || child.exitCode !== null || child.signalCode !== null };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
