// `npm run bench:cost` at tiny sizes, on the test server: the whole tool runs — ledgers generated, each
// database built once, its floor checked to reach the same state, a rerun, changes of both shapes and a new
// month loaded and each undone by restore, the database's digest then equal to the first load's — and the
// tables it prints say what the loads did. A smoke test of the instrument; its timings are not checked.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { withClient } from '../../pipeline/database.ts';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { tempDir } from '../helpers/load.ts';

function runCost(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'bench', 'cost.ts'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: inject('adminUrl') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run bench:cost', () => {
  it('measures tiny databases end to end and prints what each load did', { timeout: 240_000 }, async () => {
    const benchmarks = readFileSync(join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md'), 'utf8');
    const prefix = `${inject('dbPrefix')}cost_`;
    const result = await runCost(['--sizes', '300', '--changes', '10', '--prefix', prefix, '--work', tempDir('aibio-cost-')]);
    // Exit 0: every floor reached the first load's state, every restore put the database back exactly.
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^### Cost of a load by database size and change size/);
    expect(out).toMatch(/^\| 300 customers \| [\d.]+ s · \d+ MB \| [\d.]+ s \| [\d.]+ \| [\d.]+ s · \d+ MB \| [\d.]+ \|$/m);
    expect(out).toMatch(/^\| 300 customers \| a file of the changed and new rows \| [\d.]+ s · \d+ MB \|$/m);
    expect(out).toMatch(/^\| 300 customers \| the whole ledger with them \| [\d.]+ s · \d+ MB \|$/m);
    expect(out).toMatch(/^\| sessions 300 \([\d,]+ sheet rows, [\d,]+ sessions\) \| one more month's sheet \| [\d.]+ s · \d+ MB \|$/m);
    // The changes did what they say: 5 customers edited and 5 new, in either shape; a month's sessions added.
    expect(out).toMatch(/\| 10 rows changed or new, a file of those rows \| 10 \| inserted 5, updated 5 \|.*\| yes \|$/m);
    expect(out).toMatch(/\| 10 rows changed or new, in the whole ledger \| 305 \| inserted 5, updated 5, unchanged \d+/m);
    expect(out).toMatch(/\| one more month, 10 rows \| \d+ \| inserted \d+, .*sessions_inserted \d+ \|.*\| yes \|$/m);
    expect(out).not.toContain('**no**');
    // Its databases are gone, and BENCHMARKS.md is written only with --append.
    const left = await withClient(inject('adminUrl'), (c) => c.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]));
    expect(left.rows).toEqual([]);
    expect(readFileSync(join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md'), 'utf8')).toBe(benchmarks);
  });
});
