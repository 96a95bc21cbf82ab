// The usage sheets end to end on a real PostgreSQL: every sample sheet of the eight layouts, one session
// per service and session number, fill-down of merged dates, the `204-04` repair, matching without ever
// creating a customer, reruns. Expectations come from the sample files read by csv-parse (the oracle)
// and from the generator's list of months, never from the pipeline's own parsers.

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../../pipeline/sources/customers.ts';
import { sessions } from '../../../pipeline/sources/sessions.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { SHOWCASE, USAGE_DIR, USAGE_MONTHS } from '../../../samples/generator/sessions.ts';
import { runCli } from '../../helpers/cli.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { csvFilesIn, isBlankRecord, readSampleCsv, readSampleSheet, type SampleRecord, type SampleSheet } from '../../helpers/sample-csv.ts';

const USAGE = join(SAMPLES_DIR, USAGE_DIR);
const MASTER = join(SAMPLES_DIR, '고객관리대장_전체고객.csv');
const FILES = csvFilesIn(USAGE);
const WRITE_TIMES = ['created_at', 'updated_at'];

const isServiceLabel = (label: string) => label === '실행프로그램' || label === '실행패키지or프로모션';

interface Visit {
  sheet: SampleSheet;
  row: SampleRecord;
  name: string;
  services: string;
  /** The date the row means: its own cell, or the nearest date above it in the sheet (merged cells). */
  date: string;
  ownDate: boolean;
}

/** Every visit row of every sheet, by the oracle: a row with a name or a service. */
function readVisits(): { sheets: SampleSheet[]; visits: Visit[]; skipped: number } {
  const sheets = FILES.map((f) => readSampleSheet(f, ['날짜', '성함']));
  const visits: Visit[] = [];
  let skipped = 0;
  for (const sheet of sheets) {
    let above = '';
    for (const row of sheet.rows) {
      const dateCell = sheet.cell(row, (l) => l === '날짜').trim();
      if (dateCell) above = dateCell;
      const name = sheet.cell(row, (l) => l === '성함');
      const services = sheet.cell(row, isServiceLabel);
      if (isBlankRecord(row) || (!name.trim() && !services.trim())) {
        skipped++;
        continue;
      }
      // `204-04-15` is 2024-04-15 (the sheet is 2024년4월); Excel writes `2024-04-15 00:00:00`.
      const date = above.startsWith('204-') ? `2024${above.slice(3, 9)}` : above.slice(0, 10);
      visits.push({ sheet, row, name, services, date, ownDate: dateCell !== '' });
    }
  }
  return { sheets, visits, skipped };
}

/** Master names that mean one customer (after dropping `님`, notes in parentheses, spaces), and who. */
function uniqueMasterNames(): Map<string, number> {
  const byKey = new Map<string, { numbers: number[]; phones: Set<string> }>();
  for (const r of readSampleCsv(MASTER).slice(1)) {
    const key = r.cells[2]!.replace(/\([^)]*\)|님$|\s/g, '').toLowerCase();
    const entry = byKey.get(key) ?? { numbers: [], phones: new Set() };
    entry.numbers.push(Number(r.cells[0]));
    entry.phones.add(r.cells[3]!.trim());
    byKey.set(key, entry);
  }
  const unique = new Map<string, number>();
  // One row, or the duplicate pairs (same name, same phone) the master merges into the lowest number.
  for (const [key, e] of byKey) if (e.numbers.length === 1 || (e.phones.size === 1 && !e.phones.has(''))) unique.set(key, Math.min(...e.numbers));
  return unique;
}

interface SessionRow {
  source_file: string;
  source_line: number;
  line_seq: number;
  session_date: string;
  service: string;
  session_number: number | null;
  package_total: number | null;
  duration_minutes: number | null;
  customer_id: number | null;
  match_status: string;
}

describe('sessions source', () => {
  let db: TestDatabase;
  let oracle: ReturnType<typeof readVisits>;
  let report: Awaited<ReturnType<typeof load>>;
  let rowsByLine: Map<string, SessionRow[]>;
  const customersBefore = { count: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    oracle = readVisits();
    await load(db, customers, MASTER);
    customersBefore.count = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0]!.n;
    report = await load(db, sessions, FILES);
    const rows = await db.query<SessionRow>(
      `SELECT source_file, source_line, line_seq, to_char(session_date, 'YYYY-MM-DD') AS session_date, service, session_number,
              package_total, duration_minutes, customer_id, match_status
         FROM service_sessions ORDER BY source_file, source_line, line_seq`,
    );
    rowsByLine = new Map();
    for (const r of rows) rowsByLine.set(`${r.source_file}:${r.source_line}`, [...(rowsByLine.get(`${r.source_file}:${r.source_line}`) ?? []), r]);
  });
  afterAll(async () => db?.drop());

  const sessionsOf = (v: Visit) => rowsByLine.get(`${v.sheet.name}:${v.row.line}`) ?? [];

  it('loads every sample sheet, and names each one\'s layout as the generator wrote it', () => {
    expect(report.status).toBe('committed');
    const s = report.sources.sessions!;
    expect(s.files.map((f) => f.file)).toEqual(FILES);
    for (const [i, sheet] of oracle.sheets.entries()) {
      expect(s.files[i]!.headerLine, sheet.name).toBe(sheet.header.line);
      expect(s.files[i]!.rows, sheet.name).toBe(sheet.rows.length);
    }
    const layouts = Object.fromEntries((s.details.layouts as { file: string; layout: number }[]).map((l) => [l.file, l.layout]));
    expect(layouts).toEqual(Object.fromEntries(USAGE_MONTHS.map((m) => [m.file, m.layout])));
    expect(new Set(Object.values(layouts))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8]));
  });

  it('turns every visit row into sessions and skips only blank and separator rows: the counts reconcile', async () => {
    const s = report.sources.sessions!;
    expect(s.rejected).toBe(0);
    expect(s.rowsRead).toBe(oracle.visits.length + oracle.skipped);
    expect(s.skipped).toBe(oracle.skipped);
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(s.merge.inserted).toBe(oracle.visits.length);
    for (const v of oracle.visits) expect(sessionsOf(v).length, `${v.sheet.name}:${v.row.line}`).toBeGreaterThan(0);
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM service_sessions')) as [{ n: number }];
    expect(n).toBe(s.stagedRows);
    expect(n).toBe(s.merge.sessions);
    expect(s.skippedByReason).toEqual({ BLANK_ROW: expect.any(Number), SEPARATOR_ROW: expect.any(Number) });
  });

  it('gives one session per service and per session number of a line: `레드 21.22/100`, `브레인3/10`, `펄스 4,5,6/20`', () => {
    const showcase = oracle.visits.find((v) => v.services === SHOWCASE.packages);
    expect(showcase).toBeDefined();
    expect(sessionsOf(showcase!).map((r) => [r.service, r.session_number, r.package_total, r.duration_minutes])).toEqual([
      ['레드', 21, 100, 20],
      ['레드', 22, 100, 20],
      ['브레인', 3, 10, 33],
      ['펄스', 4, 20, 40],
      ['펄스', 5, 20, 40],
      ['펄스', 6, 20, 40],
    ]);
  });

  it('reads every plain `<service> <numbers>/<total>` line of the samples as that many sessions', () => {
    const PLAIN = /^(레드|펄스|림프|브레인) ?(\d+(?:[.,]\d+)*)\/(\d+)$/;
    let checked = 0;
    let multi = 0;
    for (const v of oracle.visits) {
      const expected = v.services.split('\n').flatMap((line) => {
        const m = PLAIN.exec(line.trim());
        return m ? m[2]!.split(/[.,]/).map((n) => `${m[1]} ${n}/${m[3]}`) : [];
      });
      if (expected.length === 0) continue;
      checked++;
      if (expected.length > 1) multi++;
      const got = sessionsOf(v).map((r) => `${r.service} ${r.session_number}/${r.package_total}`);
      for (const e of expected) expect(got, `${v.sheet.name}:${v.row.line}`).toContain(e);
      expect(got.filter((g) => expected.includes(g)).length).toBe(expected.length);
    }
    expect(checked).toBeGreaterThan(1000);
    expect(multi).toBeGreaterThan(100);
  });

  it('fills blank (merged) dates down from the row above, separator rows included', () => {
    const blankDated = oracle.visits.filter((v) => !v.ownDate);
    expect(blankDated.length).toBeGreaterThan(1000);
    for (const v of oracle.visits) {
      for (const r of sessionsOf(v)) expect(r.session_date, `${v.sheet.name}:${v.row.line}`).toBe(v.date);
    }
  });

  it('puts the 16 `204-04-DD` rows in 2024, with a warning each', () => {
    const typos = oracle.visits.filter((v) => v.sheet.cell(v.row, (l) => l === '날짜').startsWith('204-'));
    expect(typos).toHaveLength(16);
    for (const v of typos) {
      const dates = new Set(sessionsOf(v).map((r) => r.session_date));
      expect([...dates]).toEqual([`2024-04-${v.sheet.cell(v.row, (l) => l === '날짜').slice(7, 9)}`]);
    }
    expect(report.sources.sessions!.warningsDetail.byCode.DATE_YEAR_REPAIRED?.count).toBe(16);
    expect(report.sources.sessions!.warningsDetail.byCode.DATE_OUTSIDE_SHEET_MONTH?.count).toBeGreaterThan(0);
  });

  it('creates no customer: sessions link to master customers or wait on the review list', async () => {
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')) as [{ n: number }];
    expect(n).toBe(customersBefore.count);
    const orphans = await db.query(`SELECT 1 FROM service_sessions s WHERE s.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = s.customer_id)`);
    expect(orphans).toHaveLength(0);
    const reviewLines = await db.query<{ file: string; line: number; reason: string }>(`SELECT file, line, reason FROM etl.match_review WHERE source = 'sessions'`);
    const unmatched = await db.query<{ source_file: string; source_line: number }>(`SELECT DISTINCT source_file, source_line FROM service_sessions WHERE match_status = 'review'`);
    expect(new Set(reviewLines.map((r) => `${r.file}:${r.line}`))).toEqual(new Set(unmatched.map((r) => `${r.source_file}:${r.source_line}`)));
    expect(report.sources.sessions!.merge.review).toBe(reviewLines.length);
    expect(report.sources.sessions!.merge.matched! + report.sources.sessions!.merge.review!).toBe(oracle.visits.length);
  });

  it('links a name that means one master customer, and sends relatives and two-person cells to review', () => {
    const unique = uniqueMasterNames();
    let linked = 0;
    for (const v of oracle.visits) {
      const name = v.name.trim();
      const expected = unique.get(name.toLowerCase());
      const rows = sessionsOf(v);
      if (expected !== undefined && /^[가-힣]{2,4}$/.test(name)) {
        expect(rows.map((r) => r.customer_id), `${v.sheet.name}:${v.row.line} ${name}`).toEqual(rows.map(() => expected));
        linked++;
      }
      if (/ (어머님|부|남편|딸)$/.test(name) || /[,/]/.test(name)) {
        expect(rows.every((r) => r.customer_id === null && r.match_status === 'review'), `${v.sheet.name}:${v.row.line} ${name}`).toBe(true);
      }
    }
    expect(linked).toBeGreaterThan(1500);
  });

  it('tells namesakes apart by the phone in 고객정보, and keeps the others on review with every namesake as candidate', async () => {
    const namesakes = new Map<string, { number: number; phone: string }[]>();
    for (const r of readSampleCsv(MASTER).slice(1)) {
      const name = r.cells[2]!;
      namesakes.set(name, [...(namesakes.get(name) ?? []), { number: Number(r.cells[0]), phone: r.cells[3]! }]);
    }
    const review = await db.query<{ file: string; line: number; reason: string; candidate_ids: number[] }>(`SELECT file, line, reason, candidate_ids FROM etl.match_review WHERE source = 'sessions'`);
    const reviewed = new Map(review.map((r) => [`${r.file}:${r.line}`, r]));
    let byPhone = 0;
    let ambiguous = 0;
    for (const v of oracle.visits) {
      const group = namesakes.get(v.name);
      if (!group || group.length < 2 || new Set(group.map((g) => g.phone)).size < group.length) continue;
      const info = v.sheet.cell(v.row, (l) => l.startsWith('고객정보'));
      const owner = group.find((g) => info.includes(g.phone));
      if (owner) {
        expect(sessionsOf(v).map((r) => r.customer_id), `${v.sheet.name}:${v.row.line}`).toEqual(sessionsOf(v).map(() => owner.number));
        byPhone++;
      } else {
        expect(reviewed.get(`${v.sheet.name}:${v.row.line}`)).toMatchObject({ reason: 'NAME_AMBIGUOUS', candidate_ids: group.map((g) => g.number).sort((a, b) => a - b) });
        ambiguous++;
      }
    }
    expect(byPhone).toBeGreaterThan(0);
    expect(ambiguous).toBeGreaterThan(0);
  });

  it('counts the unknown `AD` codes in the report and keeps them as service unknown', async () => {
    const adLines = oracle.visits.flatMap((v) => v.services.split('\n').filter((l) => /^AD /.test(l.trim()))).length;
    expect(adLines).toBeGreaterThan(50);
    const codes = report.sources.sessions!.details.unknownCodes as { code: string; sessions: number }[];
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM service_sessions WHERE service = 'unknown' AND service_code = 'AD'`)) as [{ n: number }];
    expect(codes.find((c) => c.code === 'AD')?.sessions).toBe(n);
    expect(n).toBeGreaterThanOrEqual(adLines);
  });

  it('changes nothing when the same sheets are loaded again', async () => {
    const before = await snapshotTable(db, 'service_sessions', WRITE_TIMES);
    const review = await snapshotTable(db, 'etl.match_review', ['run_id', 'created_at', 'review_id']);
    const again = await load(db, sessions, FILES);
    const s = again.sources.sessions!;
    expect(s.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: oracle.visits.length, sessions_inserted: 0, sessions_updated: 0, sessions_deleted: 0 });
    expect(await snapshotTable(db, 'service_sessions', WRITE_TIMES)).toBe(before);
    expect(await snapshotTable(db, 'etl.match_review', ['run_id', 'created_at', 'review_id'])).toBe(review);
  });

  it('drops the sessions of rows removed from a reloaded sheet, and nothing of the other sheets', async () => {
    const name = '2025년6월.csv';
    const sheet = oracle.sheets.find((s) => s.name === name)!;
    const cut = oracle.visits.filter((v) => v.sheet === sheet).at(-5)!.row.line;
    const text = readFileSync(join(USAGE, name), 'utf8');
    const dir = tempDir();
    let end = 0; // the start of physical line `cut` (cells hold line breaks too)
    for (let line = 1; line < cut; line++) end = text.indexOf('\n', end) + 1;
    writeFileSync(join(dir, name), text.slice(0, end));
    const removed = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM service_sessions WHERE source_file = $1 AND source_line >= $2`, [name, cut]))[0]!.n;
    const others = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM service_sessions WHERE source_file <> $1`, [name]);
    const s = (await load(db, sessions, join(dir, name))).sources.sessions!;
    expect(s.merge.sessions_deleted).toBe(removed);
    expect(await db.query(`SELECT 1 FROM service_sessions WHERE source_file = $1 AND source_line >= $2`, [name, cut])).toHaveLength(0);
    expect(await db.query(`SELECT count(*)::int AS n FROM service_sessions WHERE source_file <> $1`, [name])).toEqual(others);
    const restored = (await load(db, sessions, join(USAGE, name))).sources.sessions!;
    expect(restored.merge.sessions_inserted).toBe(removed);
  });

  it('refuses a reloaded sheet whose every row is now blank (FILE_EMPTIED), then with --allow-emptied drops its sessions and review rows, nothing else', async () => {
    // The sheet cleared in Excel down to its header and a blank row: no row stages, yet the sheet was read.
    const name = '2025년6월.csv';
    const sheet = oracle.sheets.find((s) => s.name === name)!;
    const firstVisit = oracle.visits.find((v) => v.sheet === sheet)!.row.line;
    const text = readFileSync(join(USAGE, name), 'utf8');
    let end = 0;
    for (let line = 1; line < firstVisit; line++) end = text.indexOf('\n', end) + 1;
    const dir = tempDir();
    writeFileSync(join(dir, name), `${text.slice(0, end)}${','.repeat(sheet.rows[0]!.cells.length - 1)}\n`);
    const count = (sql: string) => db.query<{ n: number }>(sql, [name]).then((r) => r[0]!.n);
    const held = await count(`SELECT count(*)::int AS n FROM service_sessions WHERE source_file = $1`);
    const reviewed = await count(`SELECT count(*)::int AS n FROM etl.match_review WHERE source = 'sessions' AND file = $1`);
    expect(held).toBeGreaterThan(0);
    expect(reviewed).toBeGreaterThan(0);
    const othersSql = `SELECT md5(string_agg(t::text, '|' ORDER BY session_id)) AS sum FROM service_sessions t WHERE source_file <> $1`;
    const others = await db.query(othersSql, [name]);

    // Every row skipped more often means a misread sheet than an empty month: refused, nothing loaded.
    const before = await snapshotTable(db, 'service_sessions');
    const refused = await runCli(['sessions', '--file', join(dir, name), '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(new RegExp(`^FILE_EMPTIED: .*${name}: no sessions in this sheet now \\(\\d+ rows? read, every one skipped or rejected\\), but ${held} sessions were loaded from it before`, 'm'));
    expect(refused.stderr).toMatch(/--allow-emptied/);
    expect(await snapshotTable(db, 'service_sessions')).toBe(before);

    const s = (await load(db, sessions, join(dir, name), { allowEmptied: true })).sources.sessions!;
    expect(s.rowsRead).toBeGreaterThan(0);
    expect(s.skipped).toBe(s.rowsRead);
    expect(s.merge).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, sessions: 0, sessions_deleted: held });
    expect(await count(`SELECT count(*)::int AS n FROM service_sessions WHERE source_file = $1`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM etl.match_review WHERE source = 'sessions' AND file = $1`)).toBe(0);
    expect(await db.query(othersSql, [name])).toEqual(others);

    const restored = (await load(db, sessions, join(USAGE, name))).sources.sessions!;
    expect(restored.merge.sessions_inserted).toBe(held);
  });

  it('in one load inserts a sheet new to the table and upserts one loaded before, whose unchanged sessions keep their ids', async () => {
    const [loadedBefore, fresh] = ['2025년6월.csv', '2025년5월.csv'];
    const visitsOf = (name: string) => oracle.visits.filter((v) => v.sheet.name === name).length;
    const { line } = (await db.query<{ line: number }>(`SELECT min(source_line)::int AS line FROM service_sessions WHERE source_file = $1`, [loadedBefore]))[0]!;
    await db.query(`UPDATE service_sessions SET settings_text = 'edited by hand' WHERE source_file = $1 AND source_line = $2`, [loadedBefore, line]);
    const freshSessions = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM service_sessions WHERE source_file = $1`, [fresh]))[0]!.n;
    await db.query(`DELETE FROM service_sessions WHERE source_file = $1`, [fresh]);
    const ids = `SELECT session_id, source_line, line_seq FROM service_sessions WHERE source_file = $1 AND source_line <> $2 ORDER BY 2, 3`;
    const idsBefore = await db.query(ids, [loadedBefore, line]);

    const s = (await load(db, sessions, [join(USAGE, loadedBefore), join(USAGE, fresh)])).sources.sessions!;
    expect(s.merge).toMatchObject({
      inserted: visitsOf(fresh),
      updated: 1,
      unchanged: visitsOf(loadedBefore) - 1,
      sessions_inserted: freshSessions,
      sessions_deleted: 0,
    });
    expect(s.merge.sessions_updated).toBeGreaterThanOrEqual(1);
    expect(await db.query(ids, [loadedBefore, line])).toEqual(idsBefore);
    expect(await db.query(`SELECT 1 FROM service_sessions WHERE settings_text = 'edited by hand'`)).toHaveLength(0);
  });

  it('refuses a sheet of no known layout, naming its labels, and leaves the tables as they were', async () => {
    const dir = tempDir();
    const file = join(dir, '2025년7월.csv');
    writeFileSync(file, '\ufeff날짜,성함,비고\r\n2025-07-01 00:00:00,김민지,쿠폰\r\n');
    const before = await snapshotTable(db, 'service_sessions');
    await expect(load(db, sessions, file)).rejects.toMatchObject({ code: 'CSV_LAYOUT_UNKNOWN' });
    expect(await snapshotTable(db, 'service_sessions')).toBe(before);
  });

  it('runs alone from the command line on a folder', async () => {
    const dir = tempDir();
    const picked = oracle.sheets.filter((s) => s.name === '22년_8월.csv' || s.name === '2025년5월.csv');
    for (const sheet of picked) copyFileSync(sheet.file, join(dir, sheet.name));
    const visits = oracle.visits.filter((v) => picked.includes(v.sheet)).length;
    const rows = picked.reduce((n, s) => n + s.rows.length, 0);
    const result = await runCli(['sessions', '--dir', dir, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`sessions +rowsRead ${rows} · inserted 0 · updated 0 · unchanged ${visits} `));
  });
});
