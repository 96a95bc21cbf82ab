// The kit list end to end on a real PostgreSQL, after the customer master: shared serials, links by a
// unique name, the review list, per-cell dates, reruns, and the reversible drop of UNIQUE(serial_number).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationNames } from '../../../pipeline/migrate.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { kits } from '../../../pipeline/sources/kits.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { runCli } from '../../helpers/cli.ts';
import { CUSTOMER_SAMPLE, KIT_SAMPLE, bareDate, masterCustomers, readSample, simpleNameKey, type SampleRow } from './sample-oracle.ts';

interface KitRow {
  kit_id: number;
  customer_id: number | null;
  customer_name: string;
  kit_type: string;
  serial_number: string;
  receipt_date: string | null;
  receipt_date_raw: string | null;
  result_received_date: string | null;
  result_delivered_date: string | null;
}

describe('kits source', () => {
  let db: TestDatabase;
  let sample: SampleRow[];
  let customersBefore: string;
  let report: Awaited<ReturnType<typeof load>>;
  let rows: KitRow[];

  beforeAll(async () => {
    db = await createTestDatabase();
    await load(db, customers, CUSTOMER_SAMPLE);
    customersBefore = await snapshotTable(db, 'customers');
    report = await load(db, kits, KIT_SAMPLE);
    sample = readSample(KIT_SAMPLE);
    rows = await db.query<KitRow>(
      `SELECT kit_id, customer_id, customer_name, kit_type, serial_number, to_char(receipt_date, 'YYYY-MM-DD') AS receipt_date, receipt_date_raw,
              to_char(result_received_date, 'YYYY-MM-DD') AS result_received_date, to_char(result_delivered_date, 'YYYY-MM-DD') AS result_delivered_date
         FROM kit_receipts ORDER BY kit_id`,
    );
  });
  afterAll(async () => db?.drop());

  it('loads all 16 rows, and the counts reconcile', () => {
    const s = report.sources.kits!;
    expect(report.status).toBe('committed');
    expect(sample).toHaveLength(16);
    expect(s.rowsRead).toBe(16);
    expect(s.merge).toMatchObject({ inserted: 16, updated: 0, unchanged: 0, duplicates: 0 });
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.merge.duplicates! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(s.merge.matched! + s.merge.review!).toBe(16);
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => r.kit_type === '유기산')).toHaveLength(15);
    expect(rows.filter((r) => r.kit_type === '음식물과민증')).toHaveLength(1);
  });

  it('loads the two shared serials as four rows, as written, and names them in the report', () => {
    const counts = new Map<string, SampleRow[]>();
    for (const row of sample) counts.set(row['시리얼번호']!, [...(counts.get(row['시리얼번호']!) ?? []), row]);
    const shared = [...counts].filter(([, holders]) => holders.length > 1);
    expect(shared).toHaveLength(2);
    expect(counts.size).toBe(14);
    const fromTable = rows.filter((r) => shared.some(([serial]) => serial === r.serial_number));
    expect(fromTable).toHaveLength(4);
    const details = report.sources.kits!.details.sharedSerials as { serialNumber: string; holders: { name: string; line: number }[] }[];
    expect(details.map((d) => [d.serialNumber, d.holders.map((h) => h.name).sort()])).toEqual(
      shared.map(([serial, holders]) => [serial, holders.map((h) => h['고객명']).sort()]).sort(),
    );
  });

  it('links a kit to the one customer with its name, and sends unmatched and shared names to review', async () => {
    const master = masterCustomers();
    const review = await db.query<{ name: string; reason: string; candidate_ids: number[]; line: number }>(
      `SELECT name, reason, candidate_ids, line FROM etl.match_review WHERE source = 'kits'`,
    );
    const reviewed = new Map(review.map((r) => [r.name, r]));
    let unmatched = 0;
    for (const row of sample) {
      const holders = master.filter((c) => c.nameKey === simpleNameKey(row['고객명']!));
      const kit = rows.find((r) => r.customer_name === row['고객명'] && r.serial_number === row['시리얼번호'])!;
      if (holders.length === 1) {
        expect([kit.customer_name, kit.customer_id]).toEqual([row['고객명'], holders[0]!.id]);
        expect(reviewed.has(kit.customer_name)).toBe(false);
      } else if (holders.length === 0) {
        unmatched++;
        expect(kit.customer_id).toBeNull();
        expect(reviewed.get(kit.customer_name)).toMatchObject({ reason: 'NO_MATCH', candidate_ids: [] });
      } else {
        expect(kit.customer_id).toBeNull();
        expect(reviewed.get(kit.customer_name)).toMatchObject({ reason: 'NAME_AMBIGUOUS', candidate_ids: holders.map((c) => c.id).sort((a, b) => a - b) });
      }
    }
    expect(unmatched).toBe(2);
    expect(report.sources.kits!.merge).toMatchObject({ matched: 13, review: 3 });
    const listed = await runCli(['review', '--source', 'kits'], { DATABASE_URL: db.url });
    expect(listed.code).toBe(0);
    for (const r of review) expect(listed.stdout).toContain(r.name);
  });

  it('parses each date cell on its own and keeps it as written', () => {
    for (const row of sample) {
      const kit = rows.find((r) => r.customer_name === row['고객명'] && r.serial_number === row['시리얼번호'])!;
      const dotted = (cell: string) => bareDate(cell) ?? (/^(\d{4})\.(\d{1,2})\.(\d{1,2})$/.exec(cell)?.slice(1).map((p) => p.padStart(2, '0')).join('-') ?? null);
      expect(kit.receipt_date).toBe(dotted(row['키트수령일']!));
      expect(kit.receipt_date_raw).toBe(row['키트수령일'] || null);
      expect(kit.result_received_date).toBe(dotted(row['결과지 수령일']!));
      expect(kit.result_delivered_date).toBe(dotted(row['결과지 전달일']!));
    }
    expect(rows.filter((r) => r.receipt_date !== null).length).toBeGreaterThan(1);
  });

  it('created no customer, and changes nothing when loaded again', async () => {
    expect(await snapshotTable(db, 'customers')).toBe(customersBefore);
    const before = await snapshotTable(db, 'kit_receipts');
    const again = await load(db, kits, KIT_SAMPLE);
    expect(again.sources.kits!.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: 16, duplicates: 0 });
    expect(await snapshotTable(db, 'kit_receipts')).toBe(before);
    expect(await snapshotTable(db, 'customers')).toBe(customersBefore);
    const alone = await runCli(['kits', '--file', KIT_SAMPLE, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/kits\s+rowsRead 16 · inserted 0 · updated 0 · unchanged 16 · duplicates 0 · matched 13 · review 3/);
  });

  it('restores UNIQUE(serial_number) on the way down, moving the later holder of each shared serial aside', async () => {
    const names = migrationNames();
    const count = names.length - names.indexOf('0100_kit-receipts-shared-serials');
    const client = await db.client();
    try {
      const later = await db.query<{ kit_id: number }>(
        `SELECT k.kit_id FROM kit_receipts k WHERE EXISTS (SELECT 1 FROM kit_receipts o WHERE o.serial_number = k.serial_number AND o.kit_id < k.kit_id) ORDER BY 1`,
      );
      expect(later).toHaveLength(2);
      await migrate(client, { direction: 'down', count });
      const constraints = await db.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = 'kit_receipts'::regclass AND contype = 'u'`);
      expect(constraints.map((c) => c.conname)).toEqual(['kit_receipts_serial_number_key']);
      expect(await db.query(`SELECT count(*)::int AS n FROM kit_receipts`)).toEqual([{ n: 14 }]);
      expect(await db.query(`SELECT kit_id FROM etl.kit_receipts_shared_serials ORDER BY 1`)).toEqual(later);

      await migrate(client, { direction: 'up' });
      const indexes = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'kit_receipts' ORDER BY 1`);
      expect(indexes.map((i) => i.indexname)).toEqual(expect.arrayContaining(['idx_kit_receipts_serial_number', 'kit_receipts_kit_key_key']));
      expect(indexes.map((i) => i.indexname)).not.toContain('kit_receipts_serial_number_key');
    } finally {
      await client.end();
    }
  });
});
