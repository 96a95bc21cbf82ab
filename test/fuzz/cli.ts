// `npm run fuzz -- --iterations N --seed S [--from I]`: the long fuzz run, on demand. Prints progress
// every 1,000 cases and a summary; each failing case is written to --out (default reports/fuzz/) with
// the command that replays it, and the exit status is 1.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { describeCase, fuzz } from './fuzz-reader.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { iterations: { type: 'string' }, seed: { type: 'string' }, from: { type: 'string' }, out: { type: 'string' } },
});
const iterations = Number(values.iterations ?? 10_000);
const seed = Number(values.seed ?? Date.now() % 1_000_000);
const from = Number(values.from ?? 0);
const out = resolve(values.out ?? join(PROJECT_ROOT, 'reports', 'fuzz'));

process.stdout.write(`fuzzing the reader: seed ${seed}, iterations ${from}–${from + iterations - 1}\n`);
const summary = await fuzz({
  seed,
  iterations,
  from,
  onProgress: (done, s) => process.stdout.write(`  ${done} cases, ${s.rowsRead} rows read, ${s.failures.length} failing\n`),
});
const outcomes = Object.entries(summary.outcomes).sort((a, b) => b[1] - a[1]);
process.stdout.write(`${summary.iterations} cases, ${summary.rowsRead} rows read; outcomes: ${outcomes.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
if (summary.failures.length) {
  mkdirSync(out, { recursive: true, mode: 0o700 });
  for (const failure of summary.failures) {
    const path = join(out, `seed${seed}-case${failure.case.iteration}.csv`);
    writeFileSync(path, failure.case.bytes, { mode: 0o600 });
    process.stdout.write(`FAIL ${describeCase(seed, failure.case)}\n  input: ${path}\n${failure.problems.map((p) => `  ${p}`).join('\n')}\n`);
  }
  process.exitCode = 1;
}
