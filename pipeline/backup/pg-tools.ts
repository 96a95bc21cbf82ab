// pg_dump and pg_restore, when one of the server's major version is installed (a dump made by another
// major version may not restore). Looked for in AIBIO_PG_BIN, /usr/lib/postgresql/<major>/bin, then PATH.
// The password goes through PGPASSWORD, never on the command line where `ps` would show it.

import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ClientBase } from 'pg';
import { EtlError } from '../errors.ts';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';

export async function serverMajor(client: ClientBase): Promise<number> {
  const [row] = (await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows;
  return Math.floor(Number(row!.v) / 10000);
}

/** `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` → 15 */
export function toolMajor(versionLine: string): number | null {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionLine);
  return match ? Number(match[1]) : null;
}

/** The path of a `tool` whose major version is `major`, or null. */
export async function findPgTool(tool: PgTool, major: number, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const candidates = [env.AIBIO_PG_BIN ? join(env.AIBIO_PG_BIN, tool) : null, `/usr/lib/postgresql/${major}/bin/${tool}`, tool].filter((c): c is string => c !== null);
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version'], { timeout: 10_000 });
      if (toolMajor(stdout) === major) return candidate;
    } catch {
      // not installed there
    }
  }
  return null;
}

/** The URL without its password, and the environment that carries the password instead. */
export function toolConnection(url: string, env: NodeJS.ProcessEnv = process.env): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: password ? { ...env, PGPASSWORD: password } : { ...env } };
}

/** Runs a PostgreSQL tool to completion; a non-zero exit becomes BACKUP_TOOL_FAILED with its last words. */
export function runPgTool(path: string, args: readonly string[], url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const connection = toolConnection(url, env);
  return new Promise((done, fail) => {
    const child = spawn(path, [...args, `--dbname=${connection.url}`], { env: connection.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (cause) => fail(new EtlError('BACKUP_TOOL_FAILED', `${path} could not start: ${cause.message}`, { cause })));
    child.on('close', (code) => {
      if (code === 0) return done();
      const last = stderr.trim().split('\n').slice(-3).join(' / ');
      fail(new EtlError('BACKUP_TOOL_FAILED', `${path} exited with status ${code}: ${last}`, { hint: 'nothing was restored if it was pg_restore (one transaction); see the message above' }));
    });
  });
}
