// Decision files that must be refused on a real server, each naming the line, with every table as it was:
// an unknown customer id, two decisions for one case, a wrong header, bytes that are neither UTF-8 nor
// CP949, a word that is not a decision, a customer whose phone is not the row's, a case no longer open,
// two cases the file cannot tell apart. Nothing of a refused file is applied, not even its good lines.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LOCK_KEY } from '../../../pipeline/run.ts';
import { customers } from '../../../pipeline/sources/customers.ts';
import { sessions } from '../../../pipeline/sources/sessions.ts';
import { runCli } from '../../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { load, tempDir } from '../../helpers/load.ts';
import { fillDecisions, writeMaster, writeUsageSheet, writeUsageSheetWithInfo } from '../../helpers/review-ledgers.ts';
import { snapshotSchemas } from '../../helpers/snapshot-all.ts';

/** A refused run still leaves its etl.runs row (status failed); every other table must be as it was. */
const UNCHANGED = async (db: TestDatabase) => snapshotSchemas(db, ['public', 'etl'], ['etl.runs']);

describe('review --apply refuses a bad decision file, naming the line, and changes nothing', () => {
  let db: TestDatabase;
  let dir: string;
  let exported: Buffer;
  let lines: string[];
  /** The 1-based line of the file where a case of this name is. */
  const lineOf = (name: string, phone = '') => lines.findIndex((l) => l.startsWith(`sessions,${name},${phone},`)) + 1;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = tempDir('aibio-refused-');
    await load(db, customers, writeMaster(dir));
    await load(db, sessions, [
      writeUsageSheet(dir, '2025년5월.csv', [
        ['2025-05-02', '이서연 어머님', '펄스 1/10'],
        ['2025-05-20', '테스트', '레드 1/10'],
      ]),
      // Layout 4: 고객정보 carries a phone. 박하나 twice, with two phones that mask alike (…-2222).
      writeUsageSheetWithInfo(dir, '22년_11월.csv', [
        ['2022-11-03', '김영희', '52세,010-3333-1111', '레드 1/10'],
        ['2022-11-04', '박하나', '33세,010-3333-2222', '레드 1/10'],
        ['2022-11-05', '박하나', '33세,010-4444-2222', '레드 2/10'],
      ]),
    ]);
    const file = join(dir, 'export.csv');
    const run = await runCli(['review', '--export', file], { DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    exported = readFileSync(file);
    lines = exported.subarray(3).toString('utf8').split('\r\n');
  });
  afterAll(async () => db?.drop());

  const decide = (decisions: Record<string, string>) => (c: Record<string, string>) => decisions[`${c.name} ${c.phone}`.trim()] ?? '';

  const CASES: { what: string; file: () => Buffer; code: string; line: () => number; message: RegExp; runRecorded: boolean }[] = [
    {
      what: 'an unknown customer id (the good line beside it is not applied either)',
      file: () => fillDecisions(exported, decide({ '이서연 어머님': '6', 테스트: '9999' })),
      code: 'DECISION_CUSTOMER_UNKNOWN',
      line: () => lineOf('테스트'),
      message: /no customer has the id 9999; nothing was applied/,
      runRecorded: true,
    },
    {
      what: 'two decisions for one case',
      file: () => {
        const text = iconv.decode(fillDecisions(exported, decide({ '이서연 어머님': '6' })), 'cp949');
        const mother = text.split('\r\n').find((l) => l.startsWith('sessions,이서연 어머님,'))!;
        return iconv.encode(`${text}${mother.replace(/,6,/, ',8,')}\r\n`, 'cp949');
      },
      code: 'DECISION_DUPLICATE',
      line: () => lines.length,
      message: new RegExp(`line ${'\\d+'} already decides sessions "이서연 어머님": one decision per case`),
      runRecorded: true,
    },
    {
      what: 'a header that is not the export\'s',
      file: () => iconv.encode(iconv.decode(fillDecisions(exported, decide({ '이서연 어머님': '6' })), 'cp949').replace(',decision,', ',결정,'), 'cp949'),
      code: 'DECISION_FILE_HEADER',
      line: () => 1,
      message: /the header has no column decision \(it reads "source", "name", "phone", "rows", "reason", "candidates", "결정", "where"\)/,
      runRecorded: false,
    },
    {
      what: 'bytes that are neither UTF-8 nor CP949 (a file from another program)',
      file: () => {
        const bytes = fillDecisions(exported, decide({ '이서연 어머님': '6' }));
        const at = bytes.indexOf(Buffer.from(',6,'));
        return Buffer.concat([bytes.subarray(0, at + 1), Buffer.from([0xff]), bytes.subarray(at + 2)]);
      },
      code: 'DECODE_INVALID_BYTES',
      line: () => lineOf('이서연 어머님'),
      message: /these bytes are not valid CP949 \(.*FF.*\); the file was read as CP949/,
      runRecorded: false,
    },
    {
      what: 'a word that is not a decision',
      file: () => fillDecisions(exported, decide({ '이서연 어머님': '정하늘' })),
      code: 'DECISION_VALUE_INVALID',
      line: () => lineOf('이서연 어머님'),
      message: /"정하늘" is not a decision/,
      runRecorded: false,
    },
    {
      what: "a customer whose phone is not the row's",
      file: () => fillDecisions(exported, decide({ '김영희 010-****-1111': '1' })),
      code: 'DECISION_PHONE_CONFLICT',
      line: () => lineOf('김영희', '010-****-1111'),
      message: /customer 1's phone is 010-\*\*\*\*-1001, but the row's is 010-\*\*\*\*-1111/,
      runRecorded: true,
    },
    {
      what: 'a case that is not on the review list',
      file: () => fillDecisions(Buffer.from(exported.toString('utf8').replace('sessions,테스트,', 'sessions,테스트2,'), 'utf8'), decide({ 테스트2: '제외' })),
      code: 'DECISION_CASE_GONE',
      line: () => lineOf('테스트'),
      message: /sessions "테스트2" is not on the review list now/,
      runRecorded: true,
    },
    {
      what: 'two open cases the file shows alike (phones that mask the same)',
      file: () => {
        let first = true;
        return fillDecisions(exported, (c) => (c.name === '박하나' && first ? ((first = false), '7') : ''));
      },
      code: 'DECISION_CASE_AMBIGUOUS',
      line: () => lineOf('박하나', '010-****-2222'),
      message: /2 open cases of sessions "박하나" show the phone 010-\*\*\*\*-2222/,
      runRecorded: true,
    },
  ];

  it.each(CASES)('refuses $what', async ({ file, code, line, message, runRecorded }) => {
    const path = join(dir, 'decided.csv');
    writeFileSync(path, file());
    const before = await UNCHANGED(db);
    const runsBefore = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM etl.runs`))[0]!.n;
    const run = await runCli(['review', '--apply', path, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^${code}: ${path}, line ${line()}(, byte \\d+)?: `));
    expect(run.stderr).toMatch(message);
    expect(await UNCHANGED(db)).toEqual(before);
    const runs = await db.query<{ status: string; error_code: string }>(`SELECT status, error_code FROM etl.runs ORDER BY started_at OFFSET $1`, [runsBefore]);
    expect(runs).toEqual(runRecorded ? [{ status: 'failed', error_code: code }] : []);
  });

  it('rehearses a good file with --dry-run: every check and change runs, then rolls back', async () => {
    const path = join(dir, 'decided.csv');
    writeFileSync(path, fillDecisions(exported, decide({ '이서연 어머님': '6', 테스트: '제외' })));
    const before = await UNCHANGED(db);
    const run = await runCli(['review', '--apply', path, '--dry-run', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rehearsed \(rolled back\)[\s\S]*2 decision\(s\) recorded[\s\S]*sessions 1 linked, 1 ignored/);
    expect(await UNCHANGED(db)).toEqual(before);
  });

  it('waits for a run loading into the same database, and past --lock-wait refuses (RUN_IN_PROGRESS, exit 6)', async () => {
    const path = join(dir, 'decided.csv');
    writeFileSync(path, fillDecisions(exported, decide({ '이서연 어머님': '6' })));
    const holder = await db.client();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [RUN_LOCK_KEY]);
      const before = await UNCHANGED(db);
      const run = await runCli(['review', '--apply', path, '--lock-wait', '1', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(/^RUN_IN_PROGRESS: /);
      expect(await UNCHANGED(db)).toEqual(before);
    } finally {
      await holder.end();
    }
  });

  it('takes one of --export, --apply, --list-decisions, --undo at a time, and exports only sources with a review list', async () => {
    const both = await runCli(['review', '--export', join(dir, 'x.csv'), '--apply', join(dir, 'y.csv')], { DATABASE_URL: db.url });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^CLI_USAGE: review takes one of --export, --apply, --list-decisions, --undo, not --export and --apply/);
    const customersList = await runCli(['review', '--export', join(dir, 'x.csv'), '--source', 'customers'], { DATABASE_URL: db.url });
    expect(customersList.code).toBe(2);
    expect(customersList.stderr).toMatch(/^CLI_USAGE: --source "customers" has no review list/);
    const notAnId = await runCli(['review', '--undo', 'last'], { DATABASE_URL: db.url });
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toMatch(/^CLI_USAGE: --undo needs a decision id/);
  });

  it('names every failing line at once', async () => {
    const path = join(dir, 'decided.csv');
    writeFileSync(path, fillDecisions(exported, decide({ '이서연 어머님': '9999', 테스트: '아마도', '김영희 010-****-1111': '1' })));
    const run = await runCli(['review', '--apply', path, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    // The file's own problems are found before the database is asked anything.
    expect(run.stderr).toMatch(new RegExp(`^DECISION_VALUE_INVALID: ${path}, line ${lineOf('테스트')}: "아마도" is not a decision; nothing was applied`));
    writeFileSync(path, fillDecisions(exported, decide({ '이서연 어머님': '9999', 테스트: '9998', '김영희 010-****-1111': '1' })));
    const again = await runCli(['review', '--apply', path, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    const [first, ...rest] = [lineOf('이서연 어머님'), lineOf('테스트'), lineOf('김영희', '010-****-1111')].sort((a, b) => a - b);
    expect(again.stderr).toMatch(new RegExp(`^DECISION_\\w+: ${path}, line ${first}: .*; 2 more: line ${rest[0]} DECISION_\\w+ \\(.*\\); line ${rest[1]} DECISION_\\w+ \\(.*\\); nothing was applied`));
  });
});
