// Issue 17's acceptance on a real server, through the command line as the staff would use it: load the
// master and May's usage sheet; export the review list; fill the decisions and save the file as Korean
// Excel does (CP949, no byte-order mark); apply; the relative's sessions are the decided customer's and the
// test row is nobody's; reload May with June's sheet: the same written names are settled, nothing of them on
// the review list; a rerun changes nothing; undo puts the rows back exactly as the matching left them.
// Expected statistics are worked out by hand from docs/analytics.md (a visit day is a session day or the
// 첫방문일).

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../../pipeline/sources/customers.ts';
import { sessions } from '../../../pipeline/sources/sessions.ts';
import { runCli } from '../../helpers/cli.ts';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { fillDecisions, writeMaster, writeUsageSheet, type Visit } from '../../helpers/review-ledgers.ts';

const MAY: Visit[] = [
  ['2025-05-02', '김민지', '레드 1/10'],
  ['2025-05-02', '이서연 어머님', '펄스 1/10'],
  ['2025-05-09', '이서연 어머님', '펄스 2/10'],
  ['2025-05-20', '테스트', '레드 1/10'],
  ['2025-05-21', '최유진', '림프 1/10'],
  ['2025-05-23', '박지훈님', '브레인 1/10'],
];
const JUNE: Visit[] = [
  ['2025-06-03', '이서연 어머님', '펄스 3/10'],
  ['2025-06-10', '테스트', '레드 2/10'],
  ['2025-06-12', '김민지', '레드 2/10'],
];
/** The staff's decisions: 이서연's mother is registered under her own name, 정하늘 (6); 테스트 is a test row. */
const MOTHER = 6;

/** When rows were written, and etl.match_review's surrogate key (a reload writes the list anew): not what they hold. */
const WRITE_TIMES = ['created_at', 'updated_at', 'decided_at', 'review_id'];
const count = async (db: TestDatabase, sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params))[0]!.n;

interface CustomerStats {
  customer_id: number;
  total_visits: number;
  last_visit_date: string | null;
}

describe('review decisions, end to end', () => {
  let db: TestDatabase;
  let dir: string;
  let reports: string;
  let may: string;
  let june: string;
  const cli = (args: string[]) => runCli(['review', ...args, ...(args.includes('--apply') || args.includes('--undo') ? ['--reports-dir', reports] : [])], { DATABASE_URL: db.url });
  const stats = (id: number) =>
    db.query<CustomerStats>(`SELECT customer_id, total_visits, to_char(last_visit_date, 'YYYY-MM-DD') AS last_visit_date FROM customers WHERE customer_id = $1`, [id]).then((r) => r[0]!);
  const otherCustomers = async () => JSON.stringify(await db.query('SELECT * FROM customers WHERE customer_id <> $1 ORDER BY customer_id', [MOTHER]));
  const sessionsOf = (name: string) =>
    db.query<{ source_file: string; customer_id: number | null; match_status: string; match_method: string | null }>(
      `SELECT source_file, customer_id, match_status, match_method FROM service_sessions WHERE name_raw = $1 ORDER BY source_file, source_line`,
      [name],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = tempDir('aibio-review-');
    reports = tempDir('aibio-review-reports-');
    await load(db, customers, writeMaster(dir));
    may = writeUsageSheet(dir, '2025년5월.csv', MAY);
    june = writeUsageSheet(dir, '2025년6월.csv', JUNE);
    await load(db, sessions, may);
  });
  afterAll(async () => db?.drop());

  let exported: Buffer;
  const file = () => join(dir, '검토목록.csv');

  it('exports one line per case, for Korean Excel (UTF-8 with BOM, CRLF), readable by its owner only', async () => {
    const run = await cli(['--export', file()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/wrote 3 case\(s\) covering 4 row\(s\)/);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    exported = readFileSync(file());
    expect([...exported.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = exported.subarray(3).toString('utf8');
    expect(text.split('\r\n').at(-1)).toBe('');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n|\r/);
    const [header, ...lines] = text.trimEnd().split('\r\n');
    expect(header).toBe('source,name,phone,rows,reason,candidates,decision,where');
    expect(lines.sort()).toEqual([
      'sessions,이서연 어머님,,2,RELATIVE_OF: 고객의 가족 (고객 본인 아님),"2: 이서연, 010-****-1002, 2024-02-10",,"2025년5월.csv:3, 2025년5월.csv:4"',
      'sessions,최유진,,1,NAME_AMBIGUOUS: 같은 이름의 고객이 여럿,"4: 최유진, 010-****-1004, 2024-04-01 | 5: 최유진, 010-****-1005, 2024-04-20",,2025년5월.csv:6',
      'sessions,테스트,,1,NO_MATCH: 고객 명단에 없는 이름,,,2025년5월.csv:5',
    ]);
    expect(text).not.toMatch(/010-2222-/);
  });

  let before: { mother: CustomerStats; others: string };
  let applyRunId: string;

  it('applies the decisions from the file as Korean Excel saved it (CP949, no BOM), and links the rows at once', async () => {
    before = { mother: await stats(MOTHER), others: await otherCustomers() };
    // 첫방문일 2024-05-02 is the mother's only visit before the decision.
    expect(before.mother).toEqual({ customer_id: MOTHER, total_visits: 1, last_visit_date: '2024-05-02' });
    const filled = fillDecisions(exported, (c) => (c.name === '이서연 어머님' ? String(MOTHER) : c.name === '테스트' ? '제외' : ''));
    expect([...filled.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    writeFileSync(file(), filled);

    const run = await cli(['--apply', file()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(cp949\): 3 line\(s\) — 2 decision\(s\) recorded, 0 already recorded, 1 left open/);
    expect(run.stdout).toMatch(/sessions 2 linked, 1 ignored/);

    expect(await sessionsOf('이서연 어머님')).toEqual([
      { source_file: '2025년5월.csv', customer_id: MOTHER, match_status: 'matched', match_method: 'decision' },
      { source_file: '2025년5월.csv', customer_id: MOTHER, match_status: 'matched', match_method: 'decision' },
    ]);
    expect(await sessionsOf('테스트')).toEqual([{ source_file: '2025년5월.csv', customer_id: null, match_status: 'ignored', match_method: 'decision' }]);
    const review = await db.query<{ name: string; reason: string }>(`SELECT name, reason FROM etl.match_review ORDER BY name`);
    expect(review).toEqual([{ name: '최유진', reason: 'NAME_AMBIGUOUS' }]);
  });

  it('records who decided, when, in which run and from which line, and recomputes the statistics of the customer touched only', async () => {
    const decisions = await db.query(
      `SELECT source, name, name_key, phone, decision, decided_customer_id, customer_id, decided_file, decided_line, run_id, decided_by FROM etl.link_decisions ORDER BY decision_id`,
    );
    const runs = await db.query<{ run_id: string; command: string; status: string }>(`SELECT run_id, command, status FROM etl.runs WHERE command LIKE 'review%'`);
    expect(runs).toEqual([{ run_id: expect.any(String), command: 'review --apply 검토목록.csv', status: 'committed' }]);
    applyRunId = runs[0]!.run_id;
    const lineOf = (name: string) => exported.subarray(3).toString('utf8').split('\r\n').findIndex((l) => l.startsWith(`sessions,${name},`)) + 1;
    expect(decisions).toEqual(
      expect.arrayContaining([
        { source: 'sessions', name: '이서연 어머님', name_key: '이서연어머님', phone: '', decision: 'link', decided_customer_id: MOTHER, customer_id: MOTHER, decided_file: '검토목록.csv', decided_line: lineOf('이서연 어머님'), run_id: applyRunId, decided_by: expect.stringMatching(/./) },
        { source: 'sessions', name: '테스트', name_key: '테스트', phone: '', decision: 'ignore', decided_customer_id: null, customer_id: null, decided_file: '검토목록.csv', decided_line: lineOf('테스트'), run_id: applyRunId, decided_by: expect.stringMatching(/./) },
      ]),
    );
    expect(decisions).toHaveLength(2);
    // The mother: 2024-05-02 (첫방문일), 2025-05-02 and 2025-05-09 (her sessions) = 3 visit days.
    expect(await stats(MOTHER)).toEqual({ customer_id: MOTHER, total_visits: 3, last_visit_date: '2025-05-09' });
    // 테스트's 2025-05-20 went to nobody: every other customer is as before.
    expect(await otherCustomers()).toBe(before.others);
  });

  let reload: Awaited<ReturnType<typeof load>>;

  it("settles the same written names in May's sheet reloaded and in June's: linked, ignored, nothing on the review list", async () => {
    reload = await load(db, sessions, [may, june], { reportsDir: reports });
    const s = reload.sources.sessions!;
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged! + s.rejected + s.skipped).toBe(s.rowsRead);
    expect(s.merge.unchanged).toBe(MAY.length);
    expect(s.merge.inserted).toBe(JUNE.length);
    expect(s.merge).toMatchObject({ matched_by_decision: 3, ignored_by_decision: 2, decision_customer_gone: 0, review: 1 });
    expect((await sessionsOf('이서연 어머님')).map((r) => [r.source_file, r.customer_id, r.match_method])).toEqual([
      ['2025년5월.csv', MOTHER, 'decision'],
      ['2025년5월.csv', MOTHER, 'decision'],
      ['2025년6월.csv', MOTHER, 'decision'],
    ]);
    expect((await sessionsOf('테스트')).map((r) => [r.source_file, r.customer_id, r.match_status])).toEqual([
      ['2025년5월.csv', null, 'ignored'],
      ['2025년6월.csv', null, 'ignored'],
    ]);
    expect(await count(db, `SELECT count(*)::int AS n FROM etl.match_review WHERE name IN ('이서연 어머님', '테스트')`)).toBe(0);
    expect(await stats(MOTHER)).toEqual({ customer_id: MOTHER, total_visits: 4, last_visit_date: '2025-06-03' });
  });

  it('counts the rows linked by decision apart, in the run report and the HTML report', () => {
    const json = JSON.parse(readFileSync(join(reports, reload.runId, 'report.json'), 'utf8'));
    expect(json.sources.sessions).toMatchObject({ matched: 6, matched_by_phone: 0, matched_by_decision: 3, ignored_by_decision: 2, review: 1 });
    const html = readFileSync(join(reports, reload.runId, 'index.html'), 'utf8');
    const row = /<tr><td>sessions<\/td>(.*?)<\/tr>/.exec(html.slice(html.indexOf('match rates')))![1]!;
    const cells = [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
    const header = /<thead><tr>(.*?)<\/tr>/.exec(html.slice(html.indexOf('match rates')))![1]!;
    const labels = [...header.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
    const cell = (label: string) => cells[labels.indexOf(label) - 1];
    expect(cell('by phone or name')).toBe('3');
    expect(cell('by decision')).toBe('3');
    expect(cell('not customers (decision)')).toBe('2');
    expect(cell('review')).toBe('1');
  });

  it('changes nothing when the same sheets are loaded again', async () => {
    const tables = ['service_sessions', 'customers', 'etl.match_review', 'etl.match_decided', 'etl.link_decisions'];
    const snapshot = async () => Promise.all(tables.map((t) => snapshotTable(db, t, [...WRITE_TIMES, 'run_id'])));
    const before = await snapshot();
    const again = await load(db, sessions, [may, june]);
    const s = again.sources.sessions!;
    expect(s.merge.unchanged).toBe(MAY.length + JUNE.length);
    expect(s.merge.inserted! + s.merge.updated!).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('applying the same file again records nothing new', async () => {
    const before = await snapshotTable(db, 'etl.link_decisions');
    const run = await cli(['--apply', file()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 decision\(s\) recorded, 2 already recorded, 1 left open/);
    expect(await snapshotTable(db, 'etl.link_decisions')).toBe(before);
  });

  it('refuses to change a recorded decision through a file: undo it first', async () => {
    const changed = join(dir, '바꾼결정.csv');
    writeFileSync(changed, fillDecisions(exported, (c) => (c.name === '테스트' ? '7' : '')));
    const [ignored] = await db.query<{ decision_id: number }>(`SELECT decision_id FROM etl.link_decisions WHERE name = '테스트'`);
    const run = await cli(['--apply', changed]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(`^DECISION_CASE_GONE: ${changed}, line \\d+: sessions "테스트" is no longer open: decision #${ignored!.decision_id} already says ignore; to decide customer 7 instead, undo it first \\(review --undo ${ignored!.decision_id}\\)`),
    );
  });

  it('lists the decisions, and undoes one: its rows go back to the review list as the matching left them', async () => {
    const listed = await cli(['--list-decisions', '--json']);
    expect(listed.code).toBe(0);
    const decisions = JSON.parse(listed.stdout) as { decision_id: number; name: string; rows: number; customer_id: number | null }[];
    const mother = decisions.find((d) => d.name === '이서연 어머님')!;
    expect(mother).toMatchObject({ customer_id: MOTHER, rows: 3 });
    const text = await cli(['--list-decisions']);
    expect(text.stdout).toMatch(new RegExp(`#${mother.decision_id}  sessions · 이서연 어머님 → customer ${MOTHER} · 3 row\\(s\\)`));

    const undone = await cli(['--undo', String(mother.decision_id)]);
    expect(undone.stderr).toBe('');
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/3 row\(s\) back on the review list/);
    expect((await sessionsOf('이서연 어머님')).map((r) => [r.customer_id, r.match_status, r.match_method])).toEqual([
      [null, 'review', null],
      [null, 'review', null],
      [null, 'review', null],
    ]);
    const review = await db.query(`SELECT file, line, reason, candidate_ids FROM etl.match_review WHERE name = '이서연 어머님' ORDER BY file, line`);
    expect(review).toEqual([
      { file: '2025년5월.csv', line: 3, reason: 'RELATIVE_OF', candidate_ids: [2] },
      { file: '2025년5월.csv', line: 4, reason: 'RELATIVE_OF', candidate_ids: [2] },
      { file: '2025년6월.csv', line: 2, reason: 'RELATIVE_OF', candidate_ids: [2] },
    ]);
    expect(await stats(MOTHER)).toEqual(before.mother);
    expect(await count(db, `SELECT count(*)::int AS n FROM etl.link_decisions`)).toBe(1);

    // What undo left is what a load makes of the sheets without that decision: reloading changes nothing.
    const tables = ['service_sessions', 'etl.match_review', 'etl.match_decided'];
    const snapshot = async () => Promise.all(tables.map((t) => snapshotTable(db, t, [...WRITE_TIMES, 'run_id'])));
    const afterUndo = await snapshot();
    const again = await load(db, sessions, [may, june]);
    expect(again.sources.sessions!.merge.unchanged).toBe(MAY.length + JUNE.length);
    expect(await snapshot()).toEqual(afterUndo);
  });

  it('leaves a database that verifies: no orphans, every match status and method in its set, counts as recorded', async () => {
    const run = await runCli(['verify', '--json'], { DATABASE_URL: db.url });
    const result = JSON.parse(run.stdout) as { ok: boolean; checks: { name: string; status: string }[] };
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(result.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['enum:service_sessions.match_status', 'enum:service_sessions.match_method']));
    expect(run.code).toBe(0);
  });

  it('refuses to undo a decision that is not there', async () => {
    const run = await cli(['--undo', '999']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^DECISION_NOT_FOUND: no recorded decision has the id 999/);
  });

  it('is undone with everything else by restoring to before the --apply run', async () => {
    const run = await runCli(['restore', applyRunId, '--undo-later-runs'], { DATABASE_URL: db.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM etl.link_decisions`)).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS n FROM etl.match_decided`)).toBe(0);
    expect(await db.query(`SELECT name, count(*)::int AS n FROM etl.match_review GROUP BY 1 ORDER BY 1`)).toEqual([
      { name: '이서연 어머님', n: 2 },
      { name: '최유진', n: 1 },
      { name: '테스트', n: 1 },
    ]);
    expect(await stats(MOTHER)).toEqual(before.mother);
  });
});
