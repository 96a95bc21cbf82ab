// Verification on a real PostgreSQL: it passes on the loaded samples, and each planted fault (an orphan
// kit, a future or pre-opening date, a value outside its set, a ledger number twice, rows gone, a report
// that does not add up) fails the check that names it — in `npm run verify` and inside a run, which then
// rolls back.

import { join } from 'node:path';
import { FINAL_TABLES } from '../../../pipeline/final-tables.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, EtlError } from '../../../pipeline/errors.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { verifyDatabase } from '../../../pipeline/verify/verify-database.ts';
import type { CheckResult } from '../../../pipeline/verify/checks.ts';
import { todayInSeoul } from '../../../transforms/parse-date.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { snapshotFinal } from '../../helpers/snapshot-all.ts';
import { writeChangedLedger } from '../../helpers/ledger-variants.ts';

const SAMPLE = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');
/** The checks that must be skipped until the sessions/payments branch lands. */


function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('verification', () => {
  let db: TestDatabase;
  let runId: string;
  let lowestId: number;

  async function verify(): Promise<Map<string, CheckResult>> {
    const client = await db.client();
    try {
      const { checks } = await verifyDatabase(client);
      return new Map(checks.map((c) => [c.name, c]));
    } finally {
      await client.end();
    }
  }

  /** Runs `plant`, verifies, and puts things back whatever happened. */
  async function withPlanted(plant: string, undo: string): Promise<Map<string, CheckResult>> {
    await db.query(plant);
    try {
      return await verify();
    } finally {
      await db.query(undo);
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const report = await load(db, customers, SAMPLE, { verify: true });
    runId = report.runId;
    [{ id: lowestId }] = (await db.query<{ id: number }>('SELECT min(customer_id) AS id FROM customers')) as [{ id: number }];
  });
  afterAll(async () => db?.drop());

  it('passes on the samples, inside the run and afterwards, with every registered table checked', async () => {
    const [run] = await db.query<{ verification: CheckResult[] }>('SELECT verification FROM etl.runs WHERE run_id = $1', [runId]);
    expect(run!.verification.filter((c) => c.status === 'fail')).toEqual([]);
    const checks = await verify();
    expect([...checks.values()].filter((c) => c.status === 'fail' || c.status === 'warn')).toEqual([]);
    expect([...checks.values()].filter((c) => c.status === 'skip')).toEqual([]);
    for (const table of FINAL_TABLES) expect(checks.get(`counts:${table.name}`)?.status, table.name).toBe('pass');
    expect(checks.get('counts:customers')!.detail).toMatch(new RegExp(`^946 rows; as run ${runId} left it; customers merged 946`));
    expect(checks.get('conservation:customers')!.detail).toMatch(/^read 950 = inserted 946 \+ updated 0 \+ unchanged 0 \+ duplicates 4 \+ adopted 0 \+ review 0/);
  });

  it('`npm run verify` prints the table and exits 0; --json gives the same checks', async () => {
    const text = await runCli(['verify'], { DATABASE_URL: db.url });
    expect(text.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(text.code).toBe(EXIT.ok);
    expect(text.stdout).toMatch(/check\s+status\s+detail/);
    expect(text.stdout).toMatch(/orphans:kit_receipts\.customer_id\s+pass/);
    expect(text.stdout).toMatch(/orphans:service_sessions\.customer_id\s+pass/);
    const json = await runCli(['verify', '--json'], { DATABASE_URL: db.url });
    expect(json.code).toBe(EXIT.ok);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; reference: { runId: string }; checks: CheckResult[] };
    expect(parsed.ok).toBe(true);
    expect(parsed.reference.runId).toBe(runId);
    expect(parsed.checks.map((c) => c.name)).toEqual([...(await verify()).keys()]);
  });

  it('fails, naming the check and the row, on a kit that points at a missing customer', async () => {
    await db.query('ALTER TABLE kit_receipts DROP CONSTRAINT kit_receipts_customer_id_fkey');
    await db.query(`INSERT INTO kit_receipts (kit_id, customer_id, kit_type, serial_number) VALUES (701, 99999, '유기산', 'BD123456')`);
    try {
      const checks = await verify();
      expect(checks.get('orphans:kit_receipts.customer_id')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^1 row\(s\).*kit_id 701 → customer 99999/) });
      expect(checks.get('integrity:plan-4.1')).toMatchObject({ status: 'fail', detail: expect.stringContaining('kits 0 of 1 linked') });

      const cli = await runCli(['verify'], { DATABASE_URL: db.url });
      expect(cli.code).toBe(EXIT.verify);
      expect(cli.stdout).toMatch(/orphans:kit_receipts\.customer_id\s+fail/);
      expect(cli.stderr.trim().split('\n')).toHaveLength(1);
      expect(cli.stderr).toMatch(/^VERIFY_FAILED: 2 verification check\(s\) failed .*orphans:kit_receipts\.customer_id/);
    } finally {
      await db.query('DELETE FROM kit_receipts WHERE kit_id = 701');
      await db.query('ALTER TABLE kit_receipts ADD CONSTRAINT kit_receipts_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(customer_id)');
    }
    expect((await verify()).get('orphans:kit_receipts.customer_id')!.status).toBe('pass');
  });

  it('fails on a date in the future and one before the center opened, naming both rows', async () => {
    const future = addDays(todayInSeoul(), 30);
    const [{ first_visit_date: original }] = (await db.query<{ first_visit_date: string }>(
      `SELECT first_visit_date::text FROM customers WHERE customer_id = $1`,
      [lowestId],
    )) as [{ first_visit_date: string }];
    const checks = await withPlanted(
      `UPDATE customers SET first_visit_date = '${future}' WHERE customer_id = ${lowestId};
       UPDATE customers SET last_visit_date = '2019-12-31' WHERE customer_id = ${lowestId + 1}`,
      `UPDATE customers SET first_visit_date = ${original ? `'${original}'` : 'NULL'} WHERE customer_id = ${lowestId};
       UPDATE customers SET last_visit_date = NULL WHERE customer_id = ${lowestId + 1}`,
    );
    expect(checks.get('dates:customers.first_visit_date')).toMatchObject({ status: 'fail', detail: expect.stringContaining(`1 after today`) });
    expect(checks.get('dates:customers.first_visit_date')!.detail).toContain(`${lowestId}=${future}`);
    expect(checks.get('dates:customers.last_visit_date')).toMatchObject({ status: 'fail', detail: expect.stringContaining(`${lowestId + 1}=2019-12-31`) });
    expect((await verify()).get('dates:customers.first_visit_date')!.status).toBe('pass');
  });

  it.each([
    ['membership_level', `'diamond'`, 'basic', 'enum:customers.membership_level', /"diamond" × 1/],
    ['customer_status', `'휴면'`, 'active', 'enum:customers.customer_status', /"휴면" × 1/],
    ['risk_level', `'extreme'`, 'stable', 'enum:customers.risk_level', /"extreme" × 1/],
  ])('fails on %s = %s, outside its set', async (column, bad, good, check, detail) => {
    const checks = await withPlanted(
      `UPDATE customers SET ${column} = ${bad} WHERE customer_id = ${lowestId}`,
      `UPDATE customers SET ${column} = '${good}' WHERE customer_id = ${lowestId}`,
    );
    expect(checks.get(check)).toMatchObject({ status: 'fail', detail: expect.stringMatching(detail) });
  });

  it('fails on a lead status outside the ladder', async () => {
    const checks = await withPlanted(
      `INSERT INTO marketing_leads (lead_id, name, status) VALUES (501, '김유입', '상담중')`,
      `DELETE FROM marketing_leads WHERE lead_id = 501`,
    );
    expect(checks.get('enum:marketing_leads.status')).toMatchObject({ status: 'fail', detail: expect.stringContaining('"상담중" × 1') });
  });

  it('fails when a ledger number is both a customer and merged into another', async () => {
    const checks = await withPlanted(
      `UPDATE customers SET merged_ledger_numbers = merged_ledger_numbers || ${lowestId + 1} WHERE customer_id = ${lowestId}`,
      `UPDATE customers SET merged_ledger_numbers = array_remove(merged_ledger_numbers, ${lowestId + 1}) WHERE customer_id = ${lowestId}`,
    );
    expect(checks.get('unique:customers.ledger_number')).toMatchObject({ status: 'fail', detail: expect.stringContaining(`${lowestId + 1} (2 rows)`) });
  });

  it('fails when rows are gone since the run, warns when rows were added', async () => {
    const [victim] = await db.query<Record<string, unknown>>('SELECT * FROM customers WHERE customer_id = (SELECT max(customer_id) FROM customers)');
    const gone = await withPlanted(
      `DELETE FROM customer_analytics WHERE customer_id = ${victim!.customer_id}; DELETE FROM customer_preferences WHERE customer_id = ${victim!.customer_id}; DELETE FROM customers WHERE customer_id = ${victim!.customer_id}`,
      `SELECT 1`,
    );
    expect(gone.get('counts:customers')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^945 rows; run \S+ left 946 \(1 gone since\); the report says customers merged 946/) });
    await load(db, customers, SAMPLE); // puts the customer back (a new committed run: the reference moves on)
    const added = await withPlanted(
      `INSERT INTO customers (customer_id, ledger_number, name, phone_status) VALUES (5001, 5001, '이신규', 'missing')`,
      `DELETE FROM customers WHERE customer_id = 5001`,
    );
    expect(added.get('counts:customers')).toMatchObject({ status: 'warn', detail: expect.stringContaining('(1 added since)') });
  });

  it('fails conservation when the recorded report does not add up or etl lost a warning', async () => {
    const [latest] = await db.query<{ run_id: string }>(`SELECT run_id FROM etl.runs WHERE status = 'committed' ORDER BY finished_at DESC LIMIT 1`);
    const checks = await withPlanted(
      `UPDATE etl.runs SET report = jsonb_set(report, '{customers,rowsRead}', '951') WHERE run_id = '${latest!.run_id}';
       CREATE TABLE saved_warning AS SELECT * FROM etl.warnings WHERE run_id = '${latest!.run_id}' LIMIT 1;
       DELETE FROM etl.warnings w USING saved_warning s WHERE w.run_id = s.run_id AND w.line = s.line AND w.code = s.code`,
      `UPDATE etl.runs SET report = jsonb_set(report, '{customers,rowsRead}', '950') WHERE run_id = '${latest!.run_id}';
       INSERT INTO etl.warnings SELECT * FROM saved_warning; DROP TABLE saved_warning`,
    );
    const detail = checks.get('conservation:customers')!;
    expect(detail.status).toBe('fail');
    expect(detail.detail).toMatch(/read 951 but .* = 950/);
    expect(detail.detail).toMatch(/report says 5 warnings, etl\.warnings holds 4/);
    expect((await verify()).get('conservation:customers')!.status).toBe('pass');
  });

  it('keeps going when a registered table lacks a column, and warns about tables it has no entry for', async () => {
    const checks = await withPlanted(
      `ALTER TABLE service_sessions RENAME COLUMN customer_id TO client_no;
       CREATE TABLE visit_notes (note_id serial PRIMARY KEY, customer_id integer REFERENCES customers(customer_id))`,
      `ALTER TABLE service_sessions RENAME COLUMN client_no TO customer_id; DROP TABLE visit_notes`,
    );
    expect(checks.get('orphans:service_sessions.customer_id')).toMatchObject({ status: 'fail', detail: expect.stringContaining('no column customer_id') });
    expect(checks.get('integrity:plan-4.1')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^could not run: .*customer_id/) });
    expect(checks.get('registry:coverage')).toMatchObject({ status: 'warn', detail: expect.stringContaining('public.visit_notes') });
    expect(checks.get('counts:visit_notes')!.detail).toMatch(/^0 rows/);
    expect(checks.get('orphans:kit_receipts.customer_id')!.status).toBe('pass'); // the checks after the failure still ran
  });

  it('fails the run that would commit inconsistent data, and the run rolls back', async () => {
    await db.query('ALTER TABLE kit_receipts DROP CONSTRAINT kit_receipts_customer_id_fkey');
    await db.query(`INSERT INTO kit_receipts (kit_id, customer_id, kit_type, serial_number) VALUES (702, 88888, '유기산', 'BD654321')`);
    try {
      const before = await snapshotFinal(db);
      const changed = writeChangedLedger(tempDir(), { notesChanged: 20, added: 3 });
      const failure = await load(db, customers, changed, { verify: true }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(EtlError);
      expect((failure as EtlError).code).toBe('VERIFY_FAILED');
      expect((failure as EtlError).message).toContain('orphans:kit_receipts.customer_id');
      expect(await snapshotFinal(db)).toEqual(before);
      const [run] = await db.query<{ run_id: string; status: string; error_code: string; verification: CheckResult[] }>(
        `SELECT run_id, status, error_code, verification FROM etl.runs ORDER BY started_at DESC LIMIT 1`,
      );
      expect(run).toMatchObject({ status: 'failed', error_code: 'VERIFY_FAILED' });
      expect(run!.verification.find((c) => c.name === 'orphans:kit_receipts.customer_id')!.status).toBe('fail');
      // nothing of the failed run is kept to undo
      expect(await db.query('SELECT 1 FROM etl.undo_log WHERE run_id = $1 UNION ALL SELECT 1 FROM etl.undo_runs WHERE run_id = $1', [run!.run_id])).toEqual([]);
    } finally {
      await db.query('DELETE FROM kit_receipts WHERE kit_id = 702');
      await db.query('ALTER TABLE kit_receipts ADD CONSTRAINT kit_receipts_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(customer_id)');
    }
  });
});
