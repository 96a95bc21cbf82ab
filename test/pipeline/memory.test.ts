// Constant memory: a streaming load of 1,000,000 ledger rows holds no more than one of 100,000. Both run
// in child processes with the old heap capped at 64 MB (a load that kept rows would die there) and are
// compared by peak RSS and by the heap still used at the end. A check of memory, not of time.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { tempDir } from '../helpers/load.ts';

/** A CP949 ledger of `rows` rows: the sample's rows over and over, each with a ledger number of its own. */
function writeLedger(path: string, rows: number): void {
  const [header, ...body] = readFileSync(join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), 'utf8').replace(/^\ufeff/, '').split('\r\n').filter(Boolean);
  const lines = [header!];
  for (let i = 0; i < rows; i++) {
    const line = body[i % body.length]!;
    lines.push(`${i + 1}${line.slice(line.indexOf(','))}`);
  }
  writeFileSync(path, iconv.encode(`${lines.join('\r\n')}\r\n`, 'cp949'));
}

function streamLoad(file: string): { rowsRead: number; staged: number; heapUsedKb: number; maxRssKb: number } {
  const result = spawnSync(process.execPath, ['--max-old-space-size=64', '--expose-gc', '--import', 'tsx', join(PROJECT_ROOT, 'test', 'helpers', 'stream-only.ts'), file], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('memory of a streaming load', () => {
  it('stays flat from 100,000 to 1,000,000 rows', () => {
    const dir = tempDir();
    const small = join(dir, 'small.csv');
    const large = join(dir, 'large.csv');
    writeLedger(small, 100_000);
    writeLedger(large, 1_000_000);
    const a = streamLoad(small);
    const b = streamLoad(large);
    expect([a.rowsRead, a.staged, b.rowsRead, b.staged]).toEqual([100_000, 100_000, 1_000_000, 1_000_000]);
    expect(b.maxRssKb).toBeLessThanOrEqual(a.maxRssKb * 1.15);
    expect(b.heapUsedKb).toBeLessThanOrEqual(a.heapUsedKb * 1.15 + 2048);
  });
});
