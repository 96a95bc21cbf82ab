// The lead list end to end on a real PostgreSQL, after the customer master: phones, per-cell dates,
// markers, money, the status ladder and the links to customers, each checked against the sample read by
// csv-parse with rules written apart from the pipeline's (sample-oracle.ts). Then reruns and edits.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../../pipeline/sources/customers.ts';
import { leads } from '../../../pipeline/sources/leads.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { runCli } from '../../helpers/cli.ts';
import {
  CUSTOMER_SAMPLE, KIT_SAMPLE, LEAD_SAMPLE, bareDate, expectedStatus, happened, masterCustomers, phoneDigits, readSample, simpleNameKey,
  type MasterCustomer, type SampleRow,
} from './sample-oracle.ts';

interface LeadRow {
  name: string;
  name_raw: string;
  phone: string | null;
  phone_raw: string | null;
  db_entry_date: string | null;
  price_informed: boolean | null;
  status: string;
  revenue: string | null;
  revenue_note: string | null;
  converted_customer_id: number | null;
  match_method: string | null;
  visit_consult_date: string | null;
  visit_consult_outcome: string | null;
  visit_consult_raw: string | null;
  phone_consult_raw: string | null;
  registration_date: string | null;
  purchase_marked: boolean | null;
}

const WRITE_TIMES = ['created_at', 'updated_at'];
const REVIEW_COLUMNS = `source, file, line, name, phone, candidate_ids, reason, detail`;
/** The places of a region for comparing two: `서울 강서구 화곡동` → 강서, 화곡 (provinces left out). */
const PROVINCES = new Set(['서울', '인천', '경기', '부산']);
const places = (region: string): string[] =>
  region.split(/\s+/).map((w) => w.replace(/(특별시|광역시|시|구|군|동)$/, '')).filter((w) => w !== '' && !PROVINCES.has(w.replace(/(특별시|시|도)$/, '')));

describe('leads source', () => {
  let db: TestDatabase;
  let sample: SampleRow[];
  let master: MasterCustomer[];
  let byName: Map<string, LeadRow>;
  let customersBefore: string;
  let report: Awaited<ReturnType<typeof load>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await load(db, customers, CUSTOMER_SAMPLE);
    customersBefore = await snapshotTable(db, 'customers');
    report = await load(db, leads, LEAD_SAMPLE);
    sample = readSample(LEAD_SAMPLE);
    master = masterCustomers();
    const rows = await db.query<LeadRow>(
      `SELECT name, name_raw, phone, phone_raw, to_char(db_entry_date, 'YYYY-MM-DD') AS db_entry_date, price_informed, status,
              revenue::text, revenue_note, converted_customer_id, match_method, to_char(visit_consult_date, 'YYYY-MM-DD') AS visit_consult_date,
              visit_consult_outcome, visit_consult_raw, phone_consult_raw, to_char(registration_date, 'YYYY-MM-DD') AS registration_date, purchase_marked
         FROM marketing_leads`,
    );
    byName = new Map(rows.map((r) => [r.name_raw, r]));
  });
  afterAll(async () => db?.drop());

  const leadFor = (row: SampleRow): LeadRow => {
    const lead = byName.get(row['이름']!);
    if (!lead) throw new Error(`no marketing_leads row for ${row['이름']}`);
    return lead;
  };

  it('loads every one of the 176 rows as one lead, and the counts reconcile', () => {
    const s = report.sources.leads!;
    expect(report.status).toBe('committed');
    expect(sample).toHaveLength(176);
    expect(new Set(sample.map((r) => r['이름'])).size).toBe(176);
    expect(s.rowsRead).toBe(176);
    expect(s.merge).toMatchObject({ inserted: 176, updated: 0, unchanged: 0, duplicates: 0 });
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.merge.duplicates! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(s.merge.matched! + s.merge.review! + s.merge.unlinked!).toBe(176);
    expect(byName.size).toBe(176);
  });

  it('restores the lost 0 of every 10-digit `10…` phone, with the same digits: 0 corrupted', () => {
    const lostZero = sample.filter((r) => /^10\d{8}$/.test(r['연락처']!));
    expect(lostZero).toHaveLength(116);
    for (const row of lostZero) {
      const d = row['연락처']!;
      const lead = leadFor(row);
      expect(lead.phone).toBe(`010-${d.slice(2, 6)}-${d.slice(6)}`);
      expect(lead.phone!.replace(/-/g, '')).toBe(`0${d}`);
      expect(lead.phone_raw).toBe(d);
    }
    for (const row of sample) {
      const digits = phoneDigits(row['연락처']!);
      expect(leadFor(row).phone?.replace(/-/g, '') ?? null).toBe(digits);
    }
    expect(sample.filter((r) => r['연락처'] === 'X').map((r) => leadFor(r).phone)).toEqual([null, null, null, null]);
  });

  it('parses the entry date of all 176 rows, the first row written `YYYY-MM-DD HH:MM:SS` and the rest `YYYY.MM.DD`', () => {
    expect(sample[0]!['DB입력일']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(sample.slice(1).every((r) => /^\d{4}\.\d{2}\.\d{2}$/.test(r['DB입력일']!))).toBe(true);
    for (const row of sample) expect(leadFor(row).db_entry_date).toBe(bareDate(row['DB입력일']!));
    expect([...byName.values()].filter((l) => l.db_entry_date === null)).toHaveLength(0);
  });

  it('reads `가격 안내 O` as true and `가격 안내 X` as false', () => {
    const o = sample.filter((r) => r['가격안내'] === '가격 안내 O');
    const x = sample.filter((r) => r['가격안내'] === '가격 안내 X');
    expect(o.length).toBeGreaterThan(0);
    expect(x.length).toBeGreaterThan(0);
    for (const row of o) expect(leadFor(row).price_informed).toBe(true);
    for (const row of x) expect(leadFor(row).price_informed).toBe(false);
    for (const row of sample.filter((r) => r['가격안내'] === '')) expect(leadFor(row).price_informed).toBeNull();
  });

  it('gives each lead the status its dates say, X never counting as contact', async () => {
    const expected = new Map<string, number>();
    for (const row of sample) {
      const status = expectedStatus(row);
      expected.set(status, (expected.get(status) ?? 0) + 1);
      expect([row['이름'], leadFor(row).status]).toEqual([row['이름'], status]);
    }
    expect(expected.get('converted')).toBe(27);
    // every rung below converted occurs in the sample, and X in 전화상담일 never lifts a lead to phone_consulted alone
    for (const status of ['db_entered', 'phone_consulted', 'visit_consulted']) expect(expected.get(status)).toBeGreaterThan(0);
    const xOnly = sample.filter((r) => r['전화상담일'] === 'X' && !happened(r['전화상담x 대상 리마인드 연락']!) && !happened(r['방문상담일']!) && !bareDate(r['등록일']!));
    expect(xOnly.length).toBeGreaterThan(0);
    for (const row of xOnly) expect(leadFor(row).status).toBe('db_entered');
    const split = await db.query<{ status: string; count: number }>(`SELECT status, count(*)::int AS count FROM marketing_leads GROUP BY 1`);
    expect(Object.fromEntries(split.map((s) => [s.status, s.count]))).toEqual(Object.fromEntries(expected));
  });

  it('keeps every event cell as written beside its date and outcome', () => {
    for (const row of sample) {
      const lead = leadFor(row);
      expect(lead.visit_consult_raw).toBe(row['방문상담일']!.trim() || null);
      expect(lead.phone_consult_raw).toBe(row['전화상담일']!.trim() || null);
      const cancelled = /^방문취소\/(\d{4}\.\d{2}\.\d{2})$/.exec(row['방문상담일']!);
      if (cancelled) expect([lead.visit_consult_outcome, lead.visit_consult_date]).toEqual(['cancelled', cancelled[1]!.replace(/\./g, '-')]);
      const noShow = /^노쇼\/(\d{4}\.\d{2}\.\d{2})$/.exec(row['방문상담일']!);
      if (noShow) expect([lead.visit_consult_outcome, lead.visit_consult_date]).toEqual(['no_show', noShow[1]!.replace(/\./g, '-')]);
      const scheduled = /^(\d{4}\.\d{2}\.\d{2}) 상담예정$/.exec(row['방문상담일']!);
      if (scheduled) expect([lead.visit_consult_outcome, lead.visit_consult_date]).toEqual(['scheduled', scheduled[1]!.replace(/\./g, '-')]);
      if (row['방문상담일'] === 'X') expect([lead.visit_consult_outcome, lead.visit_consult_date]).toEqual(['not_done', null]);
      if (row['방문상담일'] === '취소') expect([lead.visit_consult_outcome, lead.visit_consult_date]).toEqual(['cancelled', null]);
    }
    const forms = ['방문취소/', '노쇼/', ' 상담예정', '\n'].map((f) => sample.filter((r) => r['방문상담일']!.includes(f)).length);
    for (const n of forms) expect(n).toBeGreaterThan(0);
  });

  it('loads 매출 as whole won, `분할결제` as no amount plus a note, and 구매표시 Y/N', async () => {
    const amounts = sample.filter((r) => /^\d+$/.test(r['매출']!));
    expect(amounts).toHaveLength(27);
    for (const row of amounts) expect(Number(leadFor(row).revenue)).toBe(Number(row['매출']));
    const [total] = await db.query<{ total: string }>(`SELECT sum(revenue)::text AS total FROM marketing_leads`);
    expect(Number(total!.total)).toBe(amounts.reduce((s, r) => s + Number(r['매출']), 0));
    const split = sample.filter((r) => r['매출'] === '분할결제');
    expect(split).toHaveLength(1);
    expect(leadFor(split[0]!)).toMatchObject({ revenue: null, revenue_note: '분할결제' });
    for (const row of sample) expect(leadFor(row).purchase_marked).toBe(row['구매표시'] === 'Y' ? true : row['구매표시'] === 'N' ? false : null);
    const [warning] = await db.query<{ code: string; value: string }>(`SELECT code, value FROM etl.warnings WHERE source = 'leads' AND column_name = '매출'`);
    expect(warning).toEqual({ code: 'MONEY_NOT_AMOUNT', value: '분할결제' });
  });

  it('links every lead whose phone and name are a customer\'s to that customer', () => {
    let linked = 0;
    for (const row of sample) {
      const digits = phoneDigits(row['연락처']!);
      const owners = master.filter((c) => digits !== null && c.phone === digits);
      if (owners.length !== 1 || owners[0]!.nameKey !== simpleNameKey(row['이름']!)) continue;
      expect([row['이름'], leadFor(row).converted_customer_id, leadFor(row).match_method]).toEqual([row['이름'], owners[0]!.id, 'phone']);
      linked++;
    }
    expect(linked).toBe(81);
  });

  it('links a lead by a unique name only with a second signal, and sends the rest to review with the candidates', async () => {
    const review = await db.query<{ name: string; reason: string; candidate_ids: number[] }>(`SELECT name, reason, candidate_ids FROM etl.match_review WHERE source = 'leads'`);
    const reviewed = new Map(review.map((r) => [r.name, r]));
    let namesInMaster = 0;
    for (const row of sample) {
      const key = simpleNameKey(row['이름']!);
      const digits = phoneDigits(row['연락처']!);
      const namesakes = master.filter((c) => c.nameKey === key);
      const phoneOwners = master.filter((c) => digits !== null && c.phone === digits);
      if (namesakes.length > 0) namesInMaster++;
      if (phoneOwners.length > 0 || namesakes.length === 0) continue;
      const lead = leadFor(row);
      if (namesakes.length > 1) {
        expect(lead.converted_customer_id).toBeNull();
        expect(reviewed.get(lead.name)).toMatchObject({ reason: 'NAME_AMBIGUOUS', candidate_ids: namesakes.map((c) => c.id).sort((a, b) => a - b) });
        continue;
      }
      const c = namesakes[0]!;
      const entryYear = Number(bareDate(row['DB입력일']!)!.slice(0, 4));
      const age = /^(\d+)세$/.exec(row['나이']!);
      const registered = bareDate(row['등록일']!);
      const near = (d: string | null) => d !== null && c.firstVisit !== null && Math.abs(Date.parse(d) - Date.parse(c.firstVisit)) <= 30 * 86_400_000;
      const signals = [
        places(row['거주지역']!).some((p) => places(c.region).includes(p)),
        age !== null && c.birthYear !== null && Math.abs(entryYear - Number(age[1]) - c.birthYear) <= 1,
        near(registered) || row['방문상담일']!.split('\n').some((line) => near(bareDate(line))),
      ];
      if (digits !== null && c.phone !== null) {
        expect(reviewed.get(lead.name)).toMatchObject({ reason: 'PHONE_DIFFERS', candidate_ids: [c.id] });
      } else if (signals.some(Boolean)) {
        expect([lead.name, lead.converted_customer_id, lead.match_method]).toEqual([lead.name, c.id, expect.stringMatching(/^name\+/)]);
      } else {
        expect(lead.converted_customer_id).toBeNull();
        expect(reviewed.get(lead.name)).toMatchObject({ reason: 'NAME_ONLY', candidate_ids: [c.id] });
      }
    }
    expect(namesInMaster).toBe(87);
    const linkedByName = [...byName.values()].filter((l) => l.match_method?.startsWith('name+'));
    expect(linkedByName.map((l) => l.match_method).sort()).toEqual(['name+age', 'name+first-visit', 'name+region']);
  });

  it('sends a customer\'s phone under another name to review, never linking it', async () => {
    const review = await db.query<{ name: string; candidate_ids: number[] }>(`SELECT name, candidate_ids FROM etl.match_review WHERE source = 'leads' AND reason = 'PHONE_NAME_DIFFERS'`);
    const expected = sample.filter((row) => {
      const owners = master.filter((c) => c.phone !== null && c.phone === phoneDigits(row['연락처']!));
      return owners.length > 0 && !owners.some((c) => c.nameKey === simpleNameKey(row['이름']!));
    });
    expect(expected).toHaveLength(1);
    expect(review.map((r) => r.name)).toEqual(expected.map((r) => r['이름']));
    expect(leadFor(expected[0]!).converted_customer_id).toBeNull();
    const phonesInMaster = sample.filter((row) => master.some((c) => c.phone !== null && c.phone === phoneDigits(row['연락처']!)));
    expect(phonesInMaster).toHaveLength(82);
    const registeredByPhone = phonesInMaster.filter((row) => bareDate(row['등록일']!) && leadFor(row).match_method === 'phone');
    expect(registeredByPhone).toHaveLength(25);
  });

  it('puts every lead that should be a customer but is not linked in the review list, with its line and a reason', async () => {
    const review = await db.query<{ name: string; line: number; reason: string }>(`SELECT name, line, reason FROM etl.match_review WHERE source = 'leads'`);
    const unlinked = [...byName.values()].filter((l) => l.converted_customer_id === null);
    // A lead no customer shares a phone or a name with, and who never registered, is just a lead.
    const masterPhones = new Set(master.map((c) => c.phone));
    const masterNameKeys = new Set(master.map((c) => c.nameKey));
    const prospects = unlinked.filter((l) => l.registration_date === null && !masterPhones.has(phoneDigits(l.phone ?? '')) && !masterNameKeys.has(simpleNameKey(l.name)));
    expect(prospects.length).toBeGreaterThan(0);
    expect(report.sources.leads!.merge.unlinked).toBe(prospects.length);
    const prospectNames = new Set(prospects.map((l) => l.name));
    expect(review.map((r) => r.name).sort()).toEqual(unlinked.filter((l) => !prospectNames.has(l.name)).map((l) => l.name).sort());
    expect(review.every((r) => r.line > 1 && r.reason !== '')).toBe(true);
    const registeredNowhere = review.filter((r) => r.reason === 'NO_MATCH_REGISTERED');
    expect(registeredNowhere).toHaveLength(1);
    expect(byName.get(registeredNowhere[0]!.name)!.registration_date).not.toBeNull();
    expect(report.sources.leads!.details.reviewBy).not.toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'NO_MATCH' })]));
  });

  it('created no customer', async () => {
    expect(await snapshotTable(db, 'customers')).toBe(customersBefore);
  });

  it('changes nothing when the same file is loaded again', async () => {
    const before = await snapshotTable(db, 'marketing_leads');
    const reviewBefore = JSON.stringify(await db.query(`SELECT ${REVIEW_COLUMNS} FROM etl.match_review ORDER BY source, line`));
    const again = await load(db, leads, LEAD_SAMPLE);
    expect(again.sources.leads!.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: 176, duplicates: 0 });
    expect(await snapshotTable(db, 'marketing_leads')).toBe(before);
    expect(JSON.stringify(await db.query(`SELECT ${REVIEW_COLUMNS} FROM etl.match_review ORDER BY source, line`))).toBe(reviewBefore);
    expect(await snapshotTable(db, 'customers')).toBe(customersBefore);
  });

  it('updates only the lead whose cells changed, and merges a row written twice', async () => {
    const dir = tempDir();
    const text = readFileSync(LEAD_SAMPLE, 'utf8');
    const lines = text.split('\r\n');
    const target = sample.findIndex((r) => r['등록일'] === '' && r['방문상담일'] === 'X' && !r['이름']!.includes(','));
    const name = sample[target]!['이름']!;
    const lineIndex = lines.findIndex((l) => l.startsWith(`${name},`));
    const edited = join(dir, 'edited.csv');
    writeFileSync(edited, lines.map((l, i) => (i === lineIndex ? l.replace(',X,', ',2025.01.05,') : l)).join('\r\n'));
    const changed = await load(db, leads, edited);
    expect(changed.sources.leads!.merge).toMatchObject({ inserted: 0, updated: 1, unchanged: 175 });
    const [lead] = await db.query<{ visit_consult_date: string | null }>(`SELECT to_char(visit_consult_date, 'YYYY-MM-DD') AS visit_consult_date FROM marketing_leads WHERE name = $1`, [name]);
    expect(lead).toEqual({ visit_consult_date: '2025-01-05' });

    const twice = join(dir, 'twice.csv');
    writeFileSync(twice, `${text.replace(/\r\n$/, '')}\r\n${lines[lineIndex]}\r\n`);
    const merged = await load(db, leads, twice);
    const s = merged.sources.leads!;
    expect(s.rowsRead).toBe(177);
    expect(s.merge).toMatchObject({ inserted: 0, updated: 1, unchanged: 175, duplicates: 1 });
    expect(s.details.duplicateGroups).toEqual([{ name, lines: [expect.any(Number), expect.any(Number)] }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM marketing_leads`)).toEqual([{ n: 176 }]);
  });

  it('warns, keeping the value, about cells it cannot read, and rejects a lead without a name', async () => {
    const dir = tempDir();
    const file = join(dir, 'odd.csv');
    const header = readFileSync(LEAD_SAMPLE, 'utf8').split('\r\n')[0]!;
    const quote = (cell: string) => (/[,"\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    const cells = (over: Record<number, string>) => Array.from({ length: 21 }, (_, i) => quote(over[i] ?? '')).join(',');
    writeFileSync(
      file,
      [
        header,
        cells({ 0: '한지우', 7: '가격 안내 0', 9: '1022223333', 10: '2024.13.01', 11: '3/5 통화', 13: '가격문의', 20: '1,53,6000' }),
        cells({ 0: '', 9: '1033334444', 10: '2024.03.01' }),
        cells({ 0: '배수아', 4: '40대', 9: '1044445555', 10: '2024.03.01', 11: '3/5 1차컨택(전원꺼짐)' }),
      ].join('\r\n'),
    );
    const other = await createTestDatabase();
    try {
      const result = await load(other, leads, file, { budget: { maxRejects: 5, maxRejectRatio: 1 } });
      const s = result.sources.leads!;
      expect(s).toMatchObject({ rowsRead: 3, rejected: 1 });
      expect(s.merge).toMatchObject({ inserted: 2 });
      const warnings = await other.query<{ line: number; code: string; column_name: string; value: string }>(
        `SELECT line, code, column_name, value FROM etl.warnings ORDER BY line, column_name, code`,
      );
      expect(warnings.map((w) => [w.line, w.code, w.column_name, w.value])).toEqual(
        expect.arrayContaining([
          [2, 'MARKER_UNREADABLE', '가격안내', '가격 안내 0'],
          [2, 'DATE_IMPOSSIBLE', 'DB입력일', '2024.13.01'],
          [2, 'DATE_NO_YEAR', '전화상담일', '3/5 통화'],
          [2, 'EVENT_UNCLEAR', '방문상담일', '가격문의'],
          [2, 'MONEY_MALFORMED', '매출', '1,53,6000'],
          [4, 'AGE_UNREADABLE', '나이', '40대'],
        ]),
      );
      const [reject] = await other.query<{ line: number; code: string }>(`SELECT line, code FROM etl.rejects`);
      expect(reject).toEqual({ line: 3, code: 'NAME_MISSING' });
      const rows = await other.query<{ name: string; status: string; phone_consult_outcome: string; revenue_note: string | null }>(
        `SELECT name, status, phone_consult_outcome, revenue_note FROM marketing_leads ORDER BY name`,
      );
      expect(rows).toEqual([
        { name: '배수아', status: 'db_entered', phone_consult_outcome: 'no_answer', revenue_note: null },
        { name: '한지우', status: 'new', phone_consult_outcome: 'held', revenue_note: '1,53,6000' },
      ]);
      expect(await other.query(`SELECT count(*)::int AS n FROM customers`)).toEqual([{ n: 0 }]);
    } finally {
      await other.drop();
    }
  });

  it('loads alone from the command line, and pipeline:all loads customers, leads and kits in one run', async () => {
    const alone = await runCli(['leads', '--file', LEAD_SAMPLE, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(alone.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/leads\s+rowsRead 176 · inserted 0 · updated 0 · unchanged 176 · duplicates 0 · matched 84 · review \d+ · unlinked \d+ · rejected 0/);

    const fresh = await createTestDatabase({ migrated: false });
    try {
      const reportPath = join(tempDir(), 'run.json');
      const all = await runCli(['all', '--report', reportPath, '--reports-dir', tempDir()], { DATABASE_URL: fresh.url });
      expect(all.stderr).not.toMatch(/^[A-Z_]+: /m);
      expect(all.code).toBe(0);
      const run = JSON.parse(readFileSync(reportPath, 'utf8'));
      expect(Object.keys(run.sources).slice(0, 3)).toEqual(['customers', 'leads', 'kits']);
      expect(run.sources.leads).toMatchObject({ rowsRead: 176, inserted: 176, matched: 84 });
      expect(run.sources.kits).toMatchObject({ rowsRead: 16, inserted: 16 });
      expect(readSample(KIT_SAMPLE)).toHaveLength(16);
      expect(JSON.stringify(run)).not.toMatch(/010-\d{4}-\d{4}|\b10\d{8}\b/);
    } finally {
      await fresh.drop();
    }
  });
});
