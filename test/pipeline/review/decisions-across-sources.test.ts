// Decisions on every source that links rows to customers, on a real server: a decision covers the written
// name in its own source only (the usage sheets' `이서연 어머님` decides nothing for the payment sheets);
// payments, kits and leads settled by decision and kept by their reloads; a decision keyed by the phone
// in 고객정보; a decided customer merged into another (the decision follows the survivor); a decided
// customer deleted (the rows go back to review, and a new decision replaces the old one).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../../pipeline/sources/customers.ts';
import { kits } from '../../../pipeline/sources/kits.ts';
import { leads } from '../../../pipeline/sources/leads.ts';
import { payments } from '../../../pipeline/sources/payments.ts';
import { sessions } from '../../../pipeline/sources/sessions.ts';
import { runCli } from '../../helpers/cli.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { MASTER, fillDecisions, writeKits, writeLeads, writeMaster, writePaymentSheet, writeUsageSheet, writeUsageSheetWithInfo } from '../../helpers/review-ledgers.ts';

const MOTHER = 6;
/** When and by which run rows were written, and etl.match_review's surrogate key: not what they hold. */
const IGNORED = ['created_at', 'updated_at', 'decided_at', 'run_id', 'review_id'];

describe('review decisions across sources', () => {
  let db: TestDatabase;
  let dir: string;
  const files = {} as Record<'may' | 'info' | 'payments' | 'kits' | 'leads' | 'master', string>;

  const review = (args: string[]) => runCli(['review', ...args, ...(args.includes('--export') ? [] : ['--reports-dir', tempDir()])], { DATABASE_URL: db.url });
  /** Exports the review list, decides by `source name phone`, saves it as Korean Excel would, applies it. */
  async function decideAndApply(decisions: Record<string, string>) {
    const path = join(dir, `review-${Math.random().toString(36).slice(2)}.csv`);
    expect((await review(['--export', path])).code).toBe(0);
    writeFileSync(path, fillDecisions(readFileSync(path), (c) => decisions[`${c.source} ${c.name} ${c.phone}`.trim()] ?? ''));
    const run = await review(['--apply', path]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run;
  }
  const reviewed = (name: string) => db.query<{ source: string; reason: string }>(`SELECT source, reason FROM etl.match_review WHERE name = $1 ORDER BY source, line`, [name]);

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = tempDir('aibio-across-');
    await load(db, customers, writeMaster(dir));
    files.may = writeUsageSheet(dir, '2025년5월.csv', [
      ['2025-05-02', '이서연 어머님', '펄스 1/10'],
      ['2025-05-20', '테스트', '레드 1/10'],
      ['2025-05-22', '김영희', '레드 3/10'],
    ]);
    files.info = writeUsageSheetWithInfo(dir, '22년_11월.csv', [['2022-11-03', '김영희', '52세,010-3333-1111', '레드 1/10']]);
    await load(db, sessions, [files.may, files.info]);
    files.payments = writePaymentSheet(dir, '2025년 5월.csv', [
      ['2025-05-02', '이서연 어머님', '펄스 10회', 550_000],
      ['2025-05-03', '김민지', '레드 10회', 500_000],
    ]);
    await load(db, payments, files.payments);
    files.kits = writeKits(dir, [['이서연 어머님', 'BD100001'], ['김민지', 'BD100002']]);
    await load(db, kits, files.kits);
    files.leads = writeLeads(dir, [['이서연 어머님', '010-5555-0001', '2025.05.01']]);
    await load(db, leads, files.leads);
  });
  afterAll(async () => db?.drop());

  it("covers the written name in its own source only: the usage sheets' decision leaves the payment sheets' case open", async () => {
    expect((await reviewed('이서연 어머님')).map((r) => r.source)).toEqual(['kits', 'leads', 'payments', 'sessions']);
    await decideAndApply({ 'sessions 이서연 어머님': String(MOTHER) });
    expect(await reviewed('이서연 어머님')).toEqual([
      { source: 'kits', reason: 'RELATIVE_OF' },
      { source: 'leads', reason: 'RELATIVE_OF' },
      { source: 'payments', reason: 'RELATIVE_OF' },
    ]);
  });

  it('links payments and kits, and marks a lead as not a customer, each by its own decision', async () => {
    const run = await decideAndApply({
      'payments 이서연 어머님': String(MOTHER),
      'kits 이서연 어머님': String(MOTHER),
      'leads 이서연 어머님 010-****-0001': '무시',
    });
    expect(run.stdout).toMatch(/payments 1 linked, 0 ignored · kits 1 linked, 0 ignored · leads 0 linked, 1 ignored/);
    expect(await reviewed('이서연 어머님')).toEqual([]);
    expect(await db.query(`SELECT customer_id, match_status, match_method FROM payments WHERE customer_name_raw = '이서연 어머님'`)).toEqual([
      { customer_id: MOTHER, match_status: 'matched', match_method: 'decision' },
    ]);
    expect(await db.query(`SELECT customer_id, match_method FROM kit_receipts WHERE serial_number = 'BD100001'`)).toEqual([{ customer_id: MOTHER, match_method: 'decision' }]);
    expect(await db.query(`SELECT converted_customer_id, match_method FROM marketing_leads`)).toEqual([{ converted_customer_id: null, match_method: 'decision' }]);
    // The mother's revenue is the 550,000 of her payment.
    expect(await db.query(`SELECT total_revenue FROM customers WHERE customer_id = $1`, [MOTHER])).toEqual([{ total_revenue: '550000.00' }]);
  });

  it('keeps those decisions when payments, kits and leads are loaded again, and changes nothing', async () => {
    const tables = ['payments', 'kit_receipts', 'marketing_leads', 'etl.match_review', 'etl.match_decided', 'customers'];
    const snapshot = () => Promise.all(tables.map((t) => snapshotTable(db, t, IGNORED)));
    const before = await snapshot();
    const runs = [await load(db, payments, files.payments), await load(db, kits, files.kits), await load(db, leads, files.leads)];
    const [p, k, l] = runs.map((r) => Object.values(r.sources)[0]!);
    expect(p!.merge).toMatchObject({ unchanged: 2, matched_by_decision: 1, ignored_by_decision: 0, review: 0 });
    expect(k!.merge).toMatchObject({ unchanged: 2, matched_by_decision: 1, review: 0 });
    expect(l!.merge).toMatchObject({ unchanged: 1, matched: 0, ignored_by_decision: 1, review: 0, unlinked: 0 });
    for (const s of [p!, k!, l!]) expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.merge.duplicates! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(await snapshot()).toEqual(before);
  });

  it('undoes the payments, kits and leads decisions: each row back on the review list, as a reload leaves it', async () => {
    const ids = await db.query<{ decision_id: number }>(`SELECT decision_id FROM etl.link_decisions WHERE source <> 'sessions' ORDER BY decision_id`);
    expect(ids).toHaveLength(3);
    for (const { decision_id } of ids) expect((await review(['--undo', String(decision_id)])).code).toBe(0);
    expect(await reviewed('이서연 어머님')).toEqual([
      { source: 'kits', reason: 'RELATIVE_OF' },
      { source: 'leads', reason: 'RELATIVE_OF' },
      { source: 'payments', reason: 'RELATIVE_OF' },
    ]);
    expect(await db.query(`SELECT customer_id, match_status, match_method FROM payments WHERE customer_name_raw = '이서연 어머님'`)).toEqual([
      { customer_id: null, match_status: 'review', match_method: null },
    ]);
    expect(await db.query(`SELECT customer_id, match_method FROM kit_receipts WHERE serial_number = 'BD100001'`)).toEqual([{ customer_id: null, match_method: null }]);
    expect(await db.query(`SELECT converted_customer_id, match_method FROM marketing_leads`)).toEqual([{ converted_customer_id: null, match_method: null }]);
    expect(await db.query(`SELECT total_revenue FROM customers WHERE customer_id = $1`, [MOTHER])).toEqual([{ total_revenue: '0.00' }]);

    const tables = ['payments', 'kit_receipts', 'marketing_leads', 'etl.match_review', 'etl.match_decided'];
    const snapshot = () => Promise.all(tables.map((t) => snapshotTable(db, t, IGNORED)));
    const afterUndo = await snapshot();
    for (const [source, file] of [[payments, files.payments], [kits, files.kits], [leads, files.leads]] as const) await load(db, source, file);
    expect(await snapshot()).toEqual(afterUndo);
  });

  it('keys a decision by the phone in 고객정보 too: the same name without that phone stays open', async () => {
    // 김영희 with 010-3333-1111 is customer 8 (윤서아, whose master row has no phone to conflict with).
    await decideAndApply({ 'sessions 김영희 010-****-1111': '8' });
    expect(await db.query(`SELECT source_file, customer_id FROM service_sessions WHERE name_raw = '김영희' ORDER BY source_file`)).toEqual([
      { source_file: '2025년5월.csv', customer_id: null },
      { source_file: '22년_11월.csv', customer_id: 8 },
    ]);
    expect(await reviewed('김영희')).toEqual([{ source: 'sessions', reason: 'NO_MATCH' }]);
  });

  it('follows the survivor when the decided customer is merged into another', async () => {
    // The master is corrected: 3 and 8 are one person (same name and phone); 8 is absorbed into 3.
    const corrected = MASTER.map(([no, first, name, phone]) => (no === 3 || no === 8 ? ([no, first, '윤서아', '010-3333-1111'] as const) : ([no, first, name, phone] as const)));
    files.master = writeMaster(join(dir, 'corrected'), corrected);
    await load(db, customers, files.master);
    expect(await db.query(`SELECT customer_id, merged_ledger_numbers FROM customers WHERE customer_id IN (3, 8)`)).toEqual([{ customer_id: 3, merged_ledger_numbers: [8] }]);
    const reload = await load(db, sessions, [files.may, files.info]);
    expect(reload.sources.sessions!.merge.unchanged).toBe(4);
    expect(await db.query(`SELECT customer_id, match_method FROM service_sessions WHERE source_file = '22년_11월.csv'`)).toEqual([{ customer_id: 3, match_method: 'decision' }]);
    const listed = await review(['--list-decisions']);
    expect(listed.stdout).toMatch(/sessions · 김영희 010-\*\*\*\*-1111 → customer 8 → 3 \(merged into it\) · 1 row\(s\)/);
  });

  it('sends the rows back to review when the decided customer is deleted, and takes a new decision for them', async () => {
    await decideAndApply({ 'sessions 테스트': '7' });
    const [decision] = await db.query<{ decision_id: number }>(`SELECT decision_id FROM etl.link_decisions WHERE name = '테스트'`);
    // The center's app deletes customer 7 (after moving their sessions off it, as the foreign keys demand).
    await db.query(`UPDATE service_sessions SET customer_id = NULL, match_status = 'review', match_method = NULL WHERE customer_id = 7`);
    await db.query(`DELETE FROM customer_analytics WHERE customer_id = 7`);
    await db.query(`DELETE FROM customer_preferences WHERE customer_id = 7`);
    await db.query(`DELETE FROM customers WHERE customer_id = 7`);

    const reload = await load(db, sessions, [files.may, files.info]);
    const s = reload.sources.sessions!;
    expect(s.merge).toMatchObject({ decision_customer_gone: 1, review: 2 });
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(await reviewed('테스트')).toEqual([{ source: 'sessions', reason: 'DECISION_CUSTOMER_GONE' }]);
    expect((await review(['--list-decisions'])).stdout).toMatch(/테스트 → customer 7 no longer exists: its rows are back on the review list/);

    await decideAndApply({ 'sessions 테스트': '1' });
    expect(await db.query(`SELECT decision_id, decided_customer_id, customer_id FROM etl.link_decisions WHERE name = '테스트'`)).toEqual([
      { decision_id: decision!.decision_id, decided_customer_id: 1, customer_id: 1 },
    ]);
    expect(await db.query(`SELECT customer_id, match_method FROM service_sessions WHERE name_raw = '테스트'`)).toEqual([{ customer_id: 1, match_method: 'decision' }]);
    expect(await reviewed('테스트')).toEqual([]);

    // Undone, the row is back with what the automatic match said of it (no customer has the name).
    const undone = await review(['--undo', String(decision!.decision_id)]);
    expect(undone.code).toBe(0);
    expect(await reviewed('테스트')).toEqual([{ source: 'sessions', reason: 'NO_MATCH' }]);
    expect(await db.query(`SELECT customer_id, match_status FROM service_sessions WHERE name_raw = '테스트'`)).toEqual([{ customer_id: null, match_status: 'review' }]);
  });

  it("finds the decided customer by its 번호 when the ledger brings them back under another id", async () => {
    // May's 김영희 (no phone) is customer 5 (최유진, 번호 5).
    await decideAndApply({ 'sessions 김영희': '5' });
    // The app deletes customer 5, and later makes a customer of its own that takes the free id 5.
    await db.query(`UPDATE service_sessions SET customer_id = NULL, match_status = 'review', match_method = NULL WHERE customer_id = 5`);
    await db.query(`DELETE FROM customer_analytics WHERE customer_id = 5`);
    await db.query(`DELETE FROM customer_preferences WHERE customer_id = 5`);
    await db.query(`DELETE FROM customers WHERE customer_id = 5`);
    await db.query(`INSERT INTO customers (customer_id, name, phone) VALUES (5, '앱고객', NULL)`);
    await load(db, sessions, [files.may, files.info]);
    expect(await db.query(`SELECT customer_id, match_status FROM service_sessions WHERE name_raw = '김영희' AND source_file = '2025년5월.csv'`)).toEqual([
      { customer_id: null, match_status: 'review' },
    ]);
    // The master loaded again brings 번호 5 back, under the next free id: the decision follows the 번호, not the id.
    await load(db, customers, files.master);
    const [back] = await db.query<{ customer_id: number }>(`SELECT customer_id FROM customers WHERE ledger_number = 5`);
    expect(back!.customer_id).not.toBe(5);
    await load(db, sessions, [files.may, files.info]);
    expect(await db.query(`SELECT customer_id, match_method FROM service_sessions WHERE name_raw = '김영희' AND source_file = '2025년5월.csv'`)).toEqual([
      { customer_id: back!.customer_id, match_method: 'decision' },
    ]);
    expect((await review(['--list-decisions'])).stdout).toMatch(new RegExp(`sessions · 김영희 → customer 5 → ${back!.customer_id} \\(its 번호, loaded again\\)`));
  });
});
