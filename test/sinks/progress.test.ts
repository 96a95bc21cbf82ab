// Progress output: a live bar on a terminal, plain lines elsewhere, nothing with --quiet; colour only on
// a terminal without NO_COLOR. Checked on the reporter and on the real CLI under a pseudo-terminal.

import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { ProgressReporter, chooseProgressMode, colorEnabled } from '../../sinks/progress.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { NODE_ARGS, runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/load.ts';

const event = (bytesRead: number, rowsRead: number) => ({ source: 'customers', file: '/x/고객.csv', bytesRead, bytesTotal: 1000, rowsRead });

describe('ProgressReporter', () => {
  it('picks a bar on a terminal, lines in a pipe or CI, nothing when quiet', () => {
    expect(chooseProgressMode({ isTTY: true }, {}, false)).toBe('bar');
    expect(chooseProgressMode({ isTTY: false }, {}, false)).toBe('lines');
    expect(chooseProgressMode({ isTTY: true }, { CI: 'true' }, false)).toBe('lines');
    expect(chooseProgressMode({ isTTY: true }, {}, true)).toBe('off');
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
  });

  it('in lines mode writes at most one line per interval, the first after one, and the last state with "done"', () => {
    let now = 0;
    const out: string[] = [];
    const progress = new ProgressReporter({ mode: 'lines', color: false, write: (t) => out.push(t), now: () => now, lineEveryMs: 2000 });
    progress.update(event(100, 10));
    now = 500;
    progress.update(event(200, 20));
    now = 2500;
    progress.update(event(500, 50));
    now = 3000;
    progress.update(event(800, 80));
    now = 3500;
    progress.update(event(1000, 100), true);
    expect(out).toHaveLength(2);
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\x1b'))).toBe(true);
    expect(out[0]).toMatch(/ 50%  500 B\/1000 B  50 rows  16 rows\/s  ETA 3s/);
    expect(out[1]).toMatch(/100% .* 100 rows .* done\n$/);
  });

  it('in lines mode says nothing about a file read within one interval', () => {
    let now = 0;
    const out: string[] = [];
    const progress = new ProgressReporter({ mode: 'lines', color: false, write: (t) => out.push(t), now: () => now, lineEveryMs: 2000 });
    progress.update(event(500, 50));
    now = 1500;
    progress.update(event(1000, 100), true);
    expect(out).toEqual([]);
  });

  it('in bar mode redraws one line in place, coloured only when asked', () => {
    let now = 0;
    const plain: string[] = [];
    const bar = new ProgressReporter({ mode: 'bar', color: false, write: (t) => plain.push(t), now: () => now });
    bar.update(event(500, 50));
    now = 1000;
    bar.update(event(1000, 100), true);
    expect(plain.join('')).toMatch(/^\r\x1b\[2Kcustomers\s+█{12}░{12}\s+50%/);
    expect(plain.join('')).toContain('████████████████████████  100%');
    expect(plain.join('')).not.toContain('\x1b[36m');
    const colored: string[] = [];
    new ProgressReporter({ mode: 'bar', color: true, write: (t) => colored.push(t), now: () => 0 }).update(event(500, 50));
    expect(colored.join('')).toContain('\x1b[36m');
  });
});

describe('progress from the CLI', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  /** Runs the CLI under a pseudo-terminal (util-linux `script`), output as the terminal shows it. */
  function underPty(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
    const command = [process.execPath, ...NODE_ARGS, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return new Promise((resolve, reject) => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, CI: '', ...env, TERM: 'xterm' };
      if (!('NO_COLOR' in env)) delete childEnv.NO_COLOR;
      const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: PROJECT_ROOT, env: childEnv });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
  }

  it('draws a live bar on a terminal', async () => {
    const out = await underPty(['customers', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(out).toContain('\r\x1b[2Kcustomers');
    expect(out).toMatch(/\x1b\[36m█{24}\x1b\[0m\s+100%/);
    expect(out).toContain('rows/s');
    expect(out).toMatch(/rowsRead 950/);
  });

  it('respects NO_COLOR on a terminal', async () => {
    const out = await underPty(['customers', '--reports-dir', tempDir()], { DATABASE_URL: db.url, NO_COLOR: '1' });
    expect(out).toContain('\r\x1b[2K');
    expect(out).not.toContain('\x1b[36m');
  });

  it('writes plain lines to a pipe, keeps stdout for the summary, and --json prints only JSON on stdout', async () => {
    const piped = await runCli(['customers', '--reports-dir', tempDir()], { DATABASE_URL: db.url, CI: '', AIBIO_PROGRESS_INTERVAL_MS: '0' });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/^customers\s+100% .* 950 rows .* done$/m);
    expect(piped.stderr).not.toContain('\x1b[');
    expect(piped.stdout).not.toContain('rows/s');
    const json = await runCli(['customers', '--json', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(JSON.parse(json.stdout).sources.customers.rowsRead).toBe(950);
    const quiet = await runCli(['customers', '--quiet', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(quiet.stdout + quiet.stderr).toBe('');
  });
});
