// The pipeline's command line as a user starts it (`node --import tsx pipeline/cli.ts …`, what npm run
// runs), in a new process, timed from spawn to exit: process start, TypeScript loading and connecting are
// in the figure. Its peak resident memory is the one the process reports for itself in report.json
// (getrusage at the end of the run), so it is that process's alone — not the server's, not this one's.

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../pipeline/embedded-server.ts';

export const CLI = join(PROJECT_ROOT, 'pipeline', 'cli.ts');

export interface CliRun {
  seconds: number;
  stdout: string;
  stderr: string;
  /** The run report (`--json`), when the command printed one. */
  report?: RunReportJson;
}

/** The parts of report.json the benchmarks read. */
export interface RunReportJson {
  runId: string;
  sources: Record<string, { rowsRead: number; merge?: Record<string, number>; phases?: { streamSeconds: number; mergeSeconds: number } }>;
  timings?: Record<string, number>;
  process?: { maxRssMb: number };
}

export interface CliOptions {
  /** Where the run writes reports/<runId>/ (kept out of the project's reports/). */
  reportsDir: string;
  /** Node flags before the entry point, e.g. `--max-old-space-size=96`. */
  nodeFlags?: readonly string[];
  /** Fail unless the command exits 0 (default true). */
  check?: boolean;
}

/** Runs `cli.ts <args> --reports-dir DIR` against `databaseUrl`; with `--json` among args, parses the report. */
export function runCli(args: readonly string[], databaseUrl: string, options: CliOptions): Promise<CliRun & { code: number | null }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', CLI, ...args, '--reports-dir', options.reportsDir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, NO_COLOR: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if ((options.check ?? true) && code !== 0) {
        reject(new Error(`pipeline ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
        return;
      }
      let report: RunReportJson | undefined;
      if (args.includes('--json') && code === 0) report = JSON.parse(stdout) as RunReportJson;
      resolve({ seconds, stdout, stderr, report, code });
    });
  });
}

/**
 * One untimed start, so every timed run finds tsx's compile cache as a user's second command would: the
 * first run after a code change would otherwise carry a few seconds of compiling the others do not.
 */
export function warmUpCli(): void {
  spawnSync(process.execPath, ['--import', 'tsx', CLI, '--help'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
}
