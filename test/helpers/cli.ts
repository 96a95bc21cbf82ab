// Runs the real CLI in a child process, as a user would (tsx, the same entry point as npm run).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export const CLI = join(PROJECT_ROOT, 'pipeline', 'cli.ts');
/** `node --import tsx cli.ts`: one process (the tsx binary would fork a child that outlives a SIGKILL). */
export const NODE_ARGS = ['--import', 'tsx', CLI];

/**
 * `uid`/`gid` run the CLI as another user (root can run it as `nobody`, whom file permissions bind);
 * `nodeFlags` go before the entry point (`--max-old-space-size=64`).
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, options: { timeoutMs?: number; uid?: number; gid?: number; nodeFlags?: readonly string[] } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...NODE_ARGS, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env, NO_COLOR: '1' }, uid: options.uid, gid: options.gid });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
