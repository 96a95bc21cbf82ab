// The center's customers table as the app's own model and snapshots have it, not word for word as the
// plan (SOURCES.md §7): name VARCHAR(50), UNIQUE phone, region VARCHAR(100), referral and staff
// VARCHAR(50), a column the plan does not know, the plan's phone index already there, and risk_level
// added once by the app. pipeline:all extends it without breaking any of it, and the way back gives it
// back exactly.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../pipeline/errors.ts';
import { readCatalog } from '../../pipeline/migrate-plan.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/load.ts';
import { snapshotSchemas } from '../helpers/snapshot-all.ts';

const DRIFTED_CUSTOMERS = `
CREATE TABLE customers (
    customer_id SERIAL PRIMARY KEY,
    name VARCHAR(50) NOT NULL,
    phone VARCHAR(20) NOT NULL UNIQUE,
    first_visit_date DATE,
    region VARCHAR(100),
    referral_source VARCHAR(50),
    health_concerns TEXT,
    notes TEXT,
    assigned_staff VARCHAR(50),
    kakao_id TEXT,
    risk_level VARCHAR(20),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_customers_phone ON customers(phone);
INSERT INTO customers (name, phone, kakao_id, risk_level) VALUES ('앱손님', '010-5550-1111', 'kakao_app1', 'watch');`;

const HEADER = '번호,첫방문일,이름,연락처,거주지역,방문경로,리뷰제안,후기제안,고객파일,호소문제,비고,담당자';
/** A small ledger: a family sharing one phone, a phone the app already has for someone else, a name past 50 characters. */
const LEDGER = [
  HEADER,
  '1,2024-01-05 00:00:00,김가족,010-7000-0001,서울 강서구 화곡동 어느 아파트 단지 이름이 아주 긴 곳,당근,,,,,,',
  '2,2024-01-06 00:00:00,이가족,010-7000-0001,서울 강서구,검색,,,,,,',
  '3,2024-01-07 00:00:00,박다른,010-5550-1111,양천구,지인소개,,,,,,',
  `4,2024-01-08 00:00:00,${'가'.repeat(60)},010-7000-0004,구로구,,,,,,,`,
  '5,2024-01-09 00:00:00,최보통,010-7000-0005,마포구,유튜브,,,,,,',
].join('\r\n');

describe('the app\'s customers table as it drifted from the plan', () => {
  let db: TestDatabase;
  let before: { catalog: Awaited<ReturnType<typeof readCatalog>>; rows: Record<string, string> };
  const reports = tempDir('aibio-drift-');
  let report: { runId: string; sources: { customers: { merge: Record<string, number>; rejected: number; details: Record<string, unknown> } } };

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    await db.query(DRIFTED_CUSTOMERS);
    const client = await db.client();
    try {
      before = { catalog: await readCatalog(client), rows: await snapshotSchemas(db, ['public']) };
    } finally {
      await client.end();
    }
    const dir = tempDir('aibio-ledger-');
    writeFileSync(join(dir, '고객관리대장_전체고객.csv'), `\uFEFF${LEDGER}\r\n`);
    const result = await runCli(['all', '--input-dir', dir, '--max-reject-ratio', '0.5', '--reports-dir', reports, '--report', join(reports, 'r.json')], { DATABASE_URL: db.url });
    expect(result.stderr, result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(EXIT.ok);
    report = JSON.parse(readFileSync(join(reports, 'r.json'), 'utf8'));
  });
  afterAll(async () => db?.drop());

  it('keeps the app\'s column, constraint and index as they were', async () => {
    const client = await db.client();
    try {
      const now = (await readCatalog(client)).tables['public.customers']!;
      const was = before.catalog.tables['public.customers']!;
      for (const column of ['name', 'region', 'referral_source', 'assigned_staff', 'kakao_id', 'risk_level']) expect(now.columns[column]).toBe(was.columns[column]);
      expect(now.constraints).toMatchObject(was.constraints);
      expect(now.indexes).toMatchObject(was.indexes);
    } finally {
      await client.end();
    }
    expect(await db.query(`SELECT name, phone, kakao_id, risk_level FROM customers WHERE ledger_number IS NULL`)).toEqual([
      { name: '앱손님', phone: '010-5550-1111', kakao_id: 'kakao_app1', risk_level: 'watch' },
    ]);
  });

  it('holds the app\'s UNIQUE phone: a phone already taken is left out, kept as written, and listed', async () => {
    const s = report.sources.customers;
    expect(s.merge).toMatchObject({ inserted: 4, adopted: 0 });
    const rows = await db.query<{ ledger_number: number; phone: string | null; phone_raw: string }>(
      `SELECT ledger_number, phone, phone_raw FROM customers WHERE ledger_number IS NOT NULL ORDER BY ledger_number`,
    );
    expect(rows).toEqual([
      { ledger_number: 1, phone: '010-7000-0001', phone_raw: '010-7000-0001' },
      { ledger_number: 2, phone: null, phone_raw: '010-7000-0001' },
      { ledger_number: 3, phone: null, phone_raw: '010-5550-1111' },
      { ledger_number: 5, phone: '010-7000-0005', phone_raw: '010-7000-0005' },
    ]);
    expect(s.details.phoneNotStored).toEqual([
      { ledgerNumber: 2, heldByCustomer: null, heldByLedgerNumber: 1 },
      { ledgerNumber: 3, heldByCustomer: 1, heldByLedgerNumber: null },
    ]);
  });

  it('measures names and places against the app\'s own column widths', async () => {
    // 60 characters do not fit the app's VARCHAR(50) name: that row is rejected with its line, not cut
    expect(report.sources.customers.rejected).toBe(1);
    const [reject] = await db.query<{ line: number; code: string }>(`SELECT line, code FROM etl.rejects WHERE run_id = $1`, [report.runId]);
    expect(reject).toEqual({ line: 5, code: 'FIELD_TOO_LONG' });
    // the long place fits the app's VARCHAR(100) region, where the plan's VARCHAR(50) would have dropped it
    expect(await db.query(`SELECT region FROM customers WHERE ledger_number = 1`)).toEqual([{ region: expect.stringMatching(/^서울 강서구/) }]);
  });

  it('restore and migrate down --all give the app\'s table back exactly', async () => {
    expect((await runCli(['restore', report.runId], { DATABASE_URL: db.url })).code).toBe(EXIT.ok);
    expect((await runCli(['migrate', 'down', '--all'], { DATABASE_URL: db.url })).code).toBe(EXIT.ok);
    const client = await db.client();
    try {
      expect(await readCatalog(client)).toEqual(before.catalog);
    } finally {
      await client.end();
    }
    expect(await snapshotSchemas(db, ['public'])).toEqual(before.rows);
  });
});
