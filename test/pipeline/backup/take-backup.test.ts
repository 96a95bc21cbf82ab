// The pieces of the per-run backup: table names that stay within PostgreSQL's 63 bytes, the keep setting,
// and the refusal to back up while another session is writing a final table.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupKeep, backupTableName, DEFAULT_BACKUP_KEEP, lockTables, takeBackup } from '../../../pipeline/backup/take-backup.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

const RUN = '20250606T120000Z-ab12';

describe('per-run backup', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it.each([
    ['public.customers', `${RUN}_customers`],
    ['etl.match_review', `${RUN}_etl_match_review`],
  ])('names the backup of %s %s', (table, name) => {
    expect(backupTableName(RUN, table)).toBe(name);
  });

  it('hashes a name that would pass 63 bytes, keeping distinct tables distinct', () => {
    const a = backupTableName(RUN, 'public.customer_visit_history_with_a_very_long_name_indeed');
    const b = backupTableName(RUN, 'public.customer_visit_history_with_a_very_long_name_indeed_2');
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(63);
    expect(a.startsWith(`${RUN}_`)).toBe(true);
    expect(a).not.toBe(b);
  });

  it.each([
    [undefined, DEFAULT_BACKUP_KEEP],
    ['3', 3],
  ])('AIBIO_BACKUP_KEEP=%j keeps %d runs', (value, keep) => {
    expect(backupKeep({ AIBIO_BACKUP_KEEP: value })).toBe(keep);
  });

  it.each(['0', '-1', 'ten', '2.5'])('AIBIO_BACKUP_KEEP=%j is refused with a coded error', (value) => {
    expect(() => backupKeep({ AIBIO_BACKUP_KEEP: value })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('gives up with TABLES_BUSY when another session holds a final table, and takes nothing', async () => {
    const writer = await db.client();
    const run = await db.client();
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO customers (customer_id, name) VALUES (1, '김민지')`);
      await run.query('BEGIN');
      const busy = await lockTables(run, ['public.customers'], '200ms').catch((e: unknown) => e);
      expect(busy).toMatchObject({ code: 'TABLES_BUSY' });
      await run.query('ROLLBACK');
      await writer.query('ROLLBACK');
      await run.query('BEGIN');
      const summary = await takeBackup(run, RUN, { keep: 10 });
      expect(summary.tables.map((t) => t.table)).toContain('public.customers');
      await run.query('ROLLBACK');
      expect(await db.query('SELECT count(*)::int AS n FROM etl.backups')).toEqual([{ n: 0 }]);
    } finally {
      await writer.end();
      await run.end();
    }
  });
});
