// Migrating into the center's live database (issue 15, SOURCES.md §7): the plan's customers table already
// there, holding the app's customers, with an app table pointing at it. `pipeline:all` from the command
// line, as a user runs it, then a rerun, an edit in the app, a changed ledger, and the full way back:
// `restore` of the first run and `migrate down --all` leave the database exactly as before.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../pipeline/errors.ts';
import { readCatalog } from '../../pipeline/migrate-plan.ts';
import { sampleCustomers } from '../../samples/generator/cli.ts';
import { CUSTOMER_HEADER } from '../../samples/generator/customers.ts';
import { writeSample } from '../../samples/generator/write-csv.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { APP_CUSTOMERS, LEDGER, createAppDatabase } from '../helpers/app-database.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { dataTables } from '../helpers/db-state.ts';
import { tempDir } from '../helpers/load.ts';
import { snapshotSchemas } from '../helpers/snapshot-all.ts';

/** The app's columns of customers: what it had before the migration. */
const APP_COLUMNS = ['customer_id', 'name', 'phone', 'first_visit_date', 'region', 'referral_source', 'health_concerns', 'notes', 'assigned_staff', 'created_at', 'updated_at'];

interface Report {
  runId: string;
  sources: Record<string, { merge: Record<string, number>; details: Record<string, unknown> }>;
  safety: { undo: { tables: unknown[] } };
}

describe('migrating into the center\'s live database', () => {
  let db: TestDatabase;
  const reports = tempDir('aibio-live-');
  let before: { catalog: Awaited<ReturnType<typeof readCatalog>>; rows: Record<string, string> };
  let first: Report;

  const cli = async (args: string[]) => {
    const result = await runCli(args, { DATABASE_URL: db.url }, { timeoutMs: 120_000 });
    expect(result.stderr, result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(EXIT.ok);
    return result;
  };
  const loadAll = async (name: string, extra: string[] = []): Promise<Report> => {
    const path = join(reports, `${name}.json`);
    await cli(['all', '--reports-dir', reports, '--report', path, ...extra]);
    return JSON.parse(readFileSync(path, 'utf8')) as Report;
  };
  const appRows = async (ids: readonly number[]) =>
    db.query(`SELECT ${APP_COLUMNS.join(', ')} FROM customers WHERE customer_id = ANY($1) ORDER BY customer_id`, [ids]);
  const ledgerCustomer = async (ledgerNumber: number) =>
    (await db.query<{ customer_id: number; name: string; phone: string; region: string | null; notes: string | null; ledger_adopted: boolean }>(
      `SELECT customer_id, name, phone, region, notes, ledger_adopted FROM customers WHERE ledger_number = $1`,
      [ledgerNumber],
    ))[0];

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    await createAppDatabase(db);
    const client = await db.client();
    try {
      before = { catalog: await readCatalog(client), rows: await snapshotSchemas(db, ['public']) };
    } finally {
      await client.end();
    }
    first = await loadAll('first');
  });
  afterAll(async () => db?.drop());

  it('extends the app\'s customers table in place and loads every source', async () => {
    const s = first.sources.customers!;
    expect(s.merge).toMatchObject({ adopted: 1, review: 0, duplicates: 4 });
    expect(s.merge.inserted).toBe(946 - 1);
    for (const source of ['leads', 'kits', 'sessions', 'payments', 'revenue-summary']) expect(first.sources[source]).toBeDefined();
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers`);
    expect(row!.n).toBe(946 - 1 + APP_CUSTOMERS.length);
  });

  it('leaves the app\'s customers that are not in the ledger unchanged in every column', async () => {
    const untouched = [1, 3, 4, 5, 6];
    const now = JSON.parse(JSON.stringify(await appRows(untouched))) as unknown;
    const then = JSON.parse(before.rows['public.customers']!) as Record<string, unknown>[];
    expect(now).toEqual(then.filter((r) => untouched.includes(r.customer_id as number)).map((r) => Object.fromEntries(APP_COLUMNS.map((c) => [c, r[c]]))));
    const plan = await db.query(`SELECT ledger_number, membership_level, customer_status, total_visits FROM customers WHERE customer_id = ANY($1)`, [untouched]);
    for (const p of plan) expect(p).toEqual({ ledger_number: null, membership_level: 'basic', customer_status: 'active', total_visits: 0 });
  });

  it('recognizes the same person under the app\'s id: one row, the ledger number recorded, the app\'s values kept', async () => {
    const adopted = await ledgerCustomer(LEDGER.adopted.ledgerNumber);
    expect(adopted).toMatchObject({ customer_id: 2, name: LEDGER.adopted.name, phone: LEDGER.adopted.phone, ledger_adopted: true });
    // the app left region empty: the ledger fills it; the app's note stays
    expect(adopted!.region).not.toBeNull();
    expect(adopted!.notes).toBe(APP_CUSTOMERS[1].notes);
    expect(await db.query(`SELECT customer_id FROM customers WHERE name = $1 AND phone = $2`, [LEDGER.adopted.name, LEDGER.adopted.phone])).toEqual([{ customer_id: 2 }]);
    expect(first.sources.customers!.details.adoptions).toEqual([{ ledgerNumber: LEDGER.adopted.ledgerNumber, customerId: 2, evidence: 'name+phone' }]);
    // where the app had a value and the ledger another, the app's stays and the report shows both
    expect(first.sources.customers!.details.conflicts).toContainEqual({
      customerId: 2, ledgerNumber: LEDGER.adopted.ledgerNumber, column: 'notes', appValue: APP_CUSTOMERS[1].notes, ledgerValue: expect.any(String),
    });
  });

  it('gives a ledger customer whose 번호 is another customer\'s id a new id, and keeps the namesake apart', async () => {
    const moved = await ledgerCustomer(LEDGER.idTaken.ledgerNumber);
    expect(moved).toMatchObject({ name: LEDGER.idTaken.name, phone: LEDGER.idTaken.phone });
    expect(moved!.customer_id).not.toBe(LEDGER.idTaken.ledgerNumber);
    expect(await appRows([3])).toMatchObject([{ name: APP_CUSTOMERS[2].name, phone: APP_CUSTOMERS[2].phone }]);
    const namesake = await ledgerCustomer(LEDGER.namesake.ledgerNumber);
    expect(namesake).toMatchObject({ name: LEDGER.namesake.name, phone: LEDGER.namesake.phone });
    expect(namesake!.customer_id).not.toBe(4);
    expect(await db.query(`SELECT count(*)::int AS n FROM customers WHERE name = $1`, [LEDGER.namesake.name])).toEqual([{ n: 2 }]);
    const renumbered = first.sources.customers!.details.renumbered as { ledgerNumber: number; customerId: number }[];
    expect(renumbered.map((r) => r.ledgerNumber)).toEqual(expect.arrayContaining([LEDGER.idTaken.ledgerNumber, LEDGER.namesake.ledgerNumber]));
    // on an empty table every other customer is under their 번호, as before
    expect(await db.query(`SELECT count(*)::int AS n FROM customers WHERE ledger_number IS NOT NULL AND customer_id <> ledger_number`)).toEqual([{ n: renumbered.length + 1 }]);
  });

  it('keeps the app\'s references valid and lets the app insert a customer afterwards', async () => {
    expect(await db.query(`SELECT count(*)::int AS n FROM package_purchases p JOIN customers c USING (customer_id)`)).toEqual([{ n: 4 }]);
    const [added] = await db.query<{ customer_id: number }>(`INSERT INTO customers (name, phone) VALUES ('앱새손님', '010-5550-0099') RETURNING customer_id`);
    const [max] = await db.query<{ n: number }>(`SELECT max(customer_id)::int AS n FROM customers WHERE customer_id <> $1`, [added!.customer_id]);
    expect(added!.customer_id).toBeGreaterThan(max!.n);
    await db.query(`DELETE FROM customers WHERE customer_id = $1`, [added!.customer_id]);
  });

  it('changes nothing when run again, and so keeps nothing to undo', async () => {
    const tables = await dataTables(db);
    const again = await loadAll('again');
    expect(again.sources.customers!.merge).toMatchObject({ inserted: 0, adopted: 0, updated: 0, unchanged: 946 });
    expect(await dataTables(db)).toEqual(tables);
    // not one row written, the review list included (it used to be deleted and inserted again)
    expect(again.safety.undo.tables).toEqual([]);
  });

  it('never overwrites a value the app edited; reports the conflict with both values', async () => {
    const target = await ledgerCustomer(12);
    // staff change the region in the app, then the ledger is exported again with another region for 번호 12
    await db.query(`UPDATE customers SET region = '앱에서 고친 지역' WHERE customer_id = $1`, [target!.customer_id]);
    const regionAt = CUSTOMER_HEADER.indexOf('거주지역');
    const notesAt = CUSTOMER_HEADER.indexOf('비고');
    const rows = sampleCustomers().map((r) => {
      const cells = [...r.cells];
      if (cells[0] === '12') {
        cells[regionAt] = '인천 부평구';
        cells[notesAt] = '원장 재방문 메모';
      }
      return cells;
    });
    const dir = tempDir('aibio-ledger-');
    writeSample(join(dir, '고객관리대장_전체고객.csv'), [[...CUSTOMER_HEADER], ...rows], 'utf-8-bom');
    const path = join(reports, 'edited.json');
    await cli(['customers', '--file', join(dir, '고객관리대장_전체고객.csv'), '--reports-dir', reports, '--report', path]);
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
    const after = await ledgerCustomer(12);
    expect(after!.region).toBe('앱에서 고친 지역');
    // the column the app did not touch follows the ledger
    expect(after!.notes).toContain('원장 재방문 메모');
    const conflicts = report.sources.customers!.details.conflicts as { customerId: number }[];
    expect(conflicts.filter((c) => c.customerId === target!.customer_id)).toEqual([
      { customerId: target!.customer_id, ledgerNumber: 12, column: 'region', appValue: '앱에서 고친 지역', ledgerValue: '인천 부평구' },
    ]);
    // the adopted customer's own differences stay listed on every run while they last
    expect(conflicts.filter((c) => c.customerId !== target!.customer_id)).toEqual(first.sources.customers!.details.conflicts);
    expect(report.sources.customers!.merge.updated).toBe(1);
  });

  it('restore of the first run, then migrate down --all, leaves the database exactly as before the first migration', async () => {
    await cli(['restore', first.runId, '--undo-later-runs']);
    await cli(['migrate', 'down', '--all']);
    const client = await db.client();
    try {
      expect(await readCatalog(client)).toEqual(before.catalog);
    } finally {
      await client.end();
    }
    expect(await snapshotSchemas(db, ['public'])).toEqual(before.rows);
  });
});

describe('the sample ledgers still load as before into an empty database', () => {
  it('puts every ledger customer under their 번호', async () => {
    const db = await createTestDatabase();
    try {
      const result = await runCli(['customers', '--file', join(SAMPLES_DIR, '고객관리대장_전체고객.csv')], { DATABASE_URL: db.url });
      expect(result.code).toBe(EXIT.ok);
      expect(await db.query(`SELECT count(*)::int AS n FROM customers WHERE customer_id IS DISTINCT FROM ledger_number`)).toEqual([{ n: 0 }]);
    } finally {
      await db.drop();
    }
  });
});
