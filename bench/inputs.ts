// The generated ledgers the benchmarks load, kept under .data/bench/ by source, size and seed so a second
// benchmark of the same size does not generate them again (a 1M-row customer ledger takes a while).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../pipeline/embedded-server.ts';

export const WORK = join(PROJECT_ROOT, '.data', 'bench');
/** The sessions benchmarks' sheets name the sample customers: this master is loaded first. */
export const SAMPLE_MASTER = join(PROJECT_ROOT, 'samples', '고객관리대장_전체고객.csv');

export type BenchSource = 'customers' | 'sessions';

/**
 * A CP949 ledger of `rows` rows with the real files' shape and defect rates (samples/generator): for
 * customers one file, for sessions a folder of 76 monthly sheets (2020-06 to 2026-09). Its path.
 */
export function generatedInput(source: BenchSource, rows: number, seed: number, work = WORK): string {
  mkdirSync(work, { recursive: true });
  const out = join(work, source === 'customers' ? `customers-${rows}-${seed}.csv` : `sessions-${rows}-${seed}`);
  if (!existsSync(out)) {
    // In its own process: generating is not what is measured, and its memory is not this process's. Written
    // under another name first, so an interrupted benchmark never leaves half a ledger to be reused.
    const partial = `${out}.partial`;
    rmSync(partial, { recursive: true, force: true });
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'samples', 'generator', 'cli.ts'), '--source', source, '--rows', String(rows), '--encoding', 'cp949', '--out', partial, '--seed', String(seed)], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (result.status !== 0) throw new Error(`generating ${out} failed`);
    renameSync(partial, out);
  }
  return out;
}

/** The files of an input: the file itself, or a folder's sheets in name order. */
export function inputFiles(source: BenchSource, input: string): string[] {
  return source === 'customers' ? [input] : readdirSync(input).map((f) => join(input, f)).sort();
}

/** The CLI arguments that load an input: `--file` for one file, `--dir` for a folder of sheets. */
export function inputArgs(source: BenchSource, input: string): string[] {
  return [source, source === 'customers' ? '--file' : '--dir', input];
}
