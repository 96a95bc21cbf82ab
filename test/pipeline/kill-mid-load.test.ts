// A process killed (SIGKILL) while it loads leaves the final tables exactly as they were: the open
// transaction dies with the connection. The next run then succeeds.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../pipeline/sources/customers.ts';
import { PROJECT_ROOT } from '../../pipeline/embedded-server.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../helpers/db.ts';
import { NODE_ARGS } from '../helpers/cli.ts';
import { load, tempDir } from '../helpers/load.ts';
import { generateLargeCustomers, SAMPLES_DIR } from '../../samples/generator/cli.ts';

describe('killed mid-load', () => {
  let db: TestDatabase;
  let big: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    await load(db, customers, join(SAMPLES_DIR, '고객관리대장_전체고객.csv'));
    big = join(tempDir(), 'big.csv');
    await generateLargeCustomers(big, 150_000, 'cp949', 7);
  });
  afterAll(async () => db?.drop());

  it.each([400, 1500, 3000])('SIGKILL after %d ms leaves customers as they were, and the next run loads', async (delay) => {
    const before = await snapshotTable(db, 'customers');
    const child = spawn(process.execPath, [...NODE_ARGS, 'customers', '--file', big, '--max-reject-ratio', '1', '--reports-dir', tempDir()], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise((r) => setTimeout(r, delay));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await snapshotTable(db, 'customers')).toBe(before);

    const report = await load(db, customers, join(SAMPLES_DIR, '고객관리대장_전체고객.csv'));
    expect(report.sources.customers!.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: 946 });
  });
});
