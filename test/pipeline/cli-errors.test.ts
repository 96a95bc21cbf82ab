// Every way an input or the database can fail, as a user meets it through the CLI: one line on stderr
// (code, where, what, what to do), the documented exit status, nothing loaded; --verbose adds the cause;
// no password and no full phone number is ever printed.

import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../helpers/db.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { tempDir } from '../helpers/load.ts';
import { startPasswordServer, type PasswordServer } from '../helpers/password-server.ts';

const HEADER = '번호,첫방문일,이름,연락처,비고';
const row = (n: number, name = `고객${n}`, phone = `010-2345-${String(6000 + n)}`) => `${n},2023-05-11 00:00:00,${name},${phone},`;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = (...lines: string[]) => Buffer.concat([BOM, Buffer.from(lines.map((l) => `${l}\r\n`).join(''))]);
const goodRows = (count: number, from = 1) => Array.from({ length: count }, (_, i) => row(from + i));

/** The undecodable case: a 0xFF byte where the fourth line's name should be. */
const beforeBadByte = Buffer.concat([BOM, Buffer.from(`${HEADER}\r\n${row(1)}\r\n${row(2)}\r\n9003,2023-05-11 00:00:00,`)]);

const FILE_CASES: [string, Buffer, string, RegExp][] = [
  ['an empty file', Buffer.alloc(0), 'FILE_EMPTY', /empty \(0 bytes\)/],
  ['a file holding only a byte-order mark', BOM, 'FILE_EMPTY', /no rows/],
  ['a file of blank rows', utf8('', ',,,', ' , ,'), 'FILE_EMPTY', /no rows/],
  ['a header with no rows', utf8(HEADER), 'FILE_HEADER_ONLY', /line 1: the file has a header but no data rows/],
  ['bytes that are not UTF-8', Buffer.concat([beforeBadByte, Buffer.from([0xff, 0xfe]), Buffer.from(',010-1111-2222,\r\n')]), 'DECODE_INVALID_BYTES', new RegExp(`line 4, byte ${beforeBadByte.length}: .*\\(FF FE`)],
  ['UTF-16 with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n${row(1)}\r\n`, 'utf16le')]), 'ENCODING_UTF16', /UTF-16 \(byte-order mark FF FE\)/],
  ['UTF-16 without a byte-order mark', Buffer.from(`${HEADER}\r\n${row(1)}\r\n`, 'utf16le'), 'ENCODING_UTF16', /every other byte is 0/],
  ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...Buffer.alloc(64)]), 'INPUT_IS_SPREADSHEET', /Excel workbook.*CSV/],
  ['binary bytes', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7) % 32)), 'INPUT_BINARY', /not text/],
  ['a quote never closed', utf8(HEADER, row(1), '2,2023-05-11 00:00:00,"끝나지 않는 따옴표,010-1111-2222,', row(3)), 'CSV_QUOTE_NOT_CLOSED', /line 3, column 3: .*never closed/],
  ['missing required columns', utf8('번호,첫방문일,성명,비고', '1,2023-05-11 00:00:00,한지우,'), 'CSV_HEADER_MISSING', /missing 이름, 연락처; found "번호", "첫방문일", "성명", "비고"/],
  ['two labels for one column', utf8('번호,이름,연락처,성함', '1,한지우,010-2345-6789,한지우'), 'CSV_HEADER_DUPLICATE', /line 1: .*"이름" and "성함"/],
];

function expectOneLine(result: CliResult, status: number, code: string): string {
  expect(result.code, result.stderr).toBe(status);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^${code}: `));
  expect(lines[0]).toContain(' — '); // followed by what to do
  return lines[0]!;
}

describe('CLI errors', () => {
  let db: TestDatabase;
  let dir: string;
  let before: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = tempDir();
    chmodSync(dir, 0o755);
    before = await snapshotTable(db, 'customers');
  });
  afterAll(async () => db?.drop());

  const cli = (args: string[], options: Parameters<typeof runCli>[2] = {}) => runCli([...args, '--reports-dir', tempDir()], { DATABASE_URL: db.url }, options);

  describe.concurrent('input files', () => {
    it.each(FILE_CASES)('%s → exit 3, %s, naming the file and the place', async (name, bytes, code, detail) => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
      writeFileSync(file, bytes);
      const line = expectOneLine(await cli(['customers', '--file', file]), 3, code);
      expect(line).toContain(file);
      expect(line).toMatch(detail);
      expect(await snapshotTable(db, 'customers')).toBe(before);
    });

    it('a missing file → exit 3, FILE_NOT_FOUND', async () => {
      const line = expectOneLine(await cli(['customers', '--file', join(dir, '없는파일.csv')]), 3, 'FILE_NOT_FOUND');
      expect(line).toContain(join(dir, '없는파일.csv'));
    });

    it('a folder given as the file → exit 3, FILE_UNREADABLE', async () => {
      const folder = join(dir, 'a-folder.csv');
      mkdirSync(folder, { recursive: true });
      expect(expectOneLine(await cli(['customers', '--file', folder]), 3, 'FILE_UNREADABLE')).toMatch(/a folder, not a file/);
    });

    it('a file without read permission → exit 3, FILE_UNREADABLE; --verbose adds the cause', async () => {
      const file = join(dir, 'locked.csv');
      writeFileSync(file, utf8(HEADER, row(1)));
      chmodSync(file, 0o000);
      // root reads any file whatever its mode: run the CLI as nobody, whom the mode binds.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const reports = tempDir();
      chmodSync(reports, 0o777);
      const plain = await runCli(['customers', '--file', file, '--reports-dir', reports], { DATABASE_URL: db.url }, asUser);
      expect(expectOneLine(plain, 3, 'FILE_UNREADABLE')).toMatch(/permission denied — .*chmod/);
      const verbose = await runCli(['customers', '--file', file, '--reports-dir', reports, '--verbose'], { DATABASE_URL: db.url }, asUser);
      expect(verbose.code).toBe(3);
      expect(verbose.stderr).toContain(plain.stderr.trimEnd());
      expect(verbose.stderr).toMatch(/cause: Error: EACCES/);
    });

    it('a row with more fields than the header is rejected with its line, never trimmed; empty extra fields are accepted', async () => {
      const file = join(dir, 'extra-fields.csv');
      writeFileSync(file, utf8(HEADER, ...goodRows(20), `${row(21)},남는칸`, `${row(22)},,,`));
      const reports = tempDir();
      const result = await runCli(['customers', '--file', file, '--reports-dir', reports, '--dry-run'], { DATABASE_URL: db.url });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      // 20 good rows and row 22 (its extra fields are empty) are inserted; row 21 is rejected.
      expect(result.stdout).toMatch(/rowsRead 22 · inserted 21 · .*rejected 1/);
      expect(result.stdout).toMatch(/rejected 1 × CSV_TOO_MANY_FIELDS/);
      const [runDir] = readdirSync(reports);
      const rejects = readFileSync(join(reports, runDir!, 'customers.rejects.csv'), 'utf8');
      expect(rejects).toContain(`,22,CSV_TOO_MANY_FIELDS,#6,남는칸,`);
      expect(rejects).toContain(`"${row(21)},남는칸"`);
    });

    it('a NUL byte rejects its row with the line; the other rows load', async () => {
      const file = join(dir, 'nul.csv');
      writeFileSync(file, utf8(HEADER, ...goodRows(20, 101), '121,2023-05-11 00:00:00,널\u0000문자,010-2345-7121,'));
      const reports = tempDir();
      const result = await runCli(['customers', '--file', file, '--dry-run', '--reports-dir', reports], { DATABASE_URL: db.url });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/rowsRead 21 · inserted 20 · .*rejected 1/);
      expect(result.stdout).toMatch(/rejected 1 × NUL_BYTE/);
      const [runDir] = readdirSync(reports);
      // The raw line is kept, its NUL shown as ␀ (no text column or Excel cell can hold a NUL).
      const rejects = readFileSync(join(reports, runDir!, 'customers.rejects.csv'), 'utf8');
      expect(rejects).toContain(',22,NUL_BYTE,#3,');
      expect(rejects).toContain('"121,2023-05-11 00:00:00,널␀문자,010-2345-7121,"');
    });
  });

  describe.concurrent('the error budget', () => {
    it('too many rejected rows → exit 5, REJECT_BUDGET_EXCEEDED naming the first rejects, nothing loaded', async () => {
      const file = join(dir, 'mostly-broken.csv');
      writeFileSync(file, utf8(HEADER, row(1), `${row(2)},남는칸`, ',2023-05-11 00:00:00,번호없음,010-2345-0003,', row(4)));
      const line = expectOneLine(await cli(['customers', '--file', file]), 5, 'REJECT_BUDGET_EXCEEDED');
      expect(line).toMatch(/2 of 4 rows rejected \(50\.0%\), more than --max-reject-ratio 0\.1; nothing was loaded/);
      expect(line).toMatch(/first: mostly-broken\.csv line 3 CSV_TOO_MANY_FIELDS \(#6\); mostly-broken\.csv line 4 LEDGER_NUMBER_MISSING/);
      expect(line).toMatch(/customers\.rejects\.csv/);
      expect(await snapshotTable(db, 'customers')).toBe(before);
    });
  });

  describe.concurrent('the database', () => {
    it('an invalid DATABASE_URL → exit 4, DB_URL_INVALID, password masked', async () => {
      const result = await runCli(['customers', '--reports-dir', tempDir(), '--verbose'], { DATABASE_URL: 'postgres://center:s3cret-pw@127.0.0.1:99999/aibio' });
      expect(result.code).toBe(4);
      expect(result.stderr.split('\n')[0]).toMatch(/^DB_URL_INVALID: .*postgres:\/\/center:\*\*\*\*@127\.0\.0\.1:99999\/aibio/);
      expect(result.stderr + result.stdout).not.toContain('s3cret');
    });

    it('a URL without a scheme still has its password masked, also under --verbose', async () => {
      const result = await runCli(['customers', '--reports-dir', tempDir(), '--verbose'], { DATABASE_URL: 'center:s3cret-pw@127.0.0.1:1' });
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/^DB_UNREACHABLE: .*center:\*\*\*\*@127\.0\.0\.1/);
      expect(result.stderr).toMatch(/\ncause: /);
      expect(result.stderr + result.stdout).not.toContain('s3cret');
    });

    it('an unreachable server under --verbose: the cause is shown, the password is not', async () => {
      const result = await runCli(['customers', '--reports-dir', tempDir(), '--verbose'], { DATABASE_URL: 'postgres://center:s3cret-pw@127.0.0.1:1/aibio' });
      expect(result.code).toBe(4);
      const [first, ...rest] = result.stderr.trimEnd().split('\n');
      expect(first).toMatch(/^DB_UNREACHABLE: cannot reach PostgreSQL at postgres:\/\/center:\*\*\*\*@127\.0\.0\.1:1\/aibio/);
      expect(rest.join('\n')).toMatch(/^cause: Error: connect ECONNREFUSED 127\.0\.0\.1:1/);
      expect(result.stderr + result.stdout).not.toContain('s3cret');
    });
  });

  describe('a server that demands a password', () => {
    let server: PasswordServer;
    beforeAll(async () => {
      server = await startPasswordServer();
    });
    afterAll(async () => server?.stop());

    it('a wrong password → exit 4, DB_AUTH_FAILED, the password never printed (nor with --verbose)', async () => {
      for (const extra of [[], ['--verbose']]) {
        const result = await runCli(['customers', '--reports-dir', tempDir(), ...extra], { DATABASE_URL: server.url('wr0ng-pw-77') });
        expect(result.code).toBe(4);
        expect(result.stderr).toMatch(/^DB_AUTH_FAILED: the server at postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/postgres refused the user name or password — /);
        if (extra.length) expect(result.stderr).toMatch(/\ncause: error: password authentication failed for user "postgres"/);
        expect(result.stderr + result.stdout).not.toContain('wr0ng-pw-77');
      }
    });

    it('the right password gets past authentication (to the unmigrated schema)', async () => {
      const result = await runCli(['customers', '--reports-dir', tempDir()], { DATABASE_URL: server.url(server.password) });
      expectOneLine(result, 4, 'MIGRATIONS_NOT_APPLIED');
      expect(result.stderr).not.toContain(server.password);
    });
  });

  it('phones in an error message are masked on stderr, in the report and in etl.runs: a data file with no header', async () => {
    const file = join(dir, 'no-header.csv');
    writeFileSync(file, utf8(row(1, '한지우', '010-2345-6789'), row(2, '이서연', '1098765432')));
    for (const extra of [[], ['--verbose']]) {
      const reports = tempDir();
      const result = await runCli(['customers', '--file', file, '--reports-dir', reports, ...extra], { DATABASE_URL: db.url });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^CSV_HEADER_MISSING: .*found "1", "2023-05-11 00:00:00", "한지우", "010-\*\*\*\*-6789"/m);
      expect(result.stderr).not.toMatch(/2345-6789|9876/);
      const [runDir] = readdirSync(reports);
      const report = readFileSync(join(reports, runDir!, 'report.json'), 'utf8');
      expect(JSON.parse(report).error.message).toMatch(/"010-\*\*\*\*-6789"/);
      expect(report).not.toMatch(/2345-6789/);
    }
    const runs = await db.query<{ error_message: string }>(`SELECT error_message FROM etl.runs WHERE error_code = 'CSV_HEADER_MISSING'`);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.error_message).not.toMatch(/2345-6789/);
  });

  it('reject and warning files hold raw rows and stay readable by their owner only, with or without --verbose', async () => {
    const file = join(dir, 'owner-only.csv');
    writeFileSync(file, utf8(HEADER, ...goodRows(20, 201), '221,2023-05-11 00:00:00,,010-2345-9221,', '222,2023-05-11 00:00:00,정하늘,010-2345-92222,'));
    for (const extra of [[], ['--verbose']]) {
      const reports = tempDir();
      const result = await runCli(['customers', '--file', file, '--reports-dir', reports, '--dry-run', ...extra], { DATABASE_URL: db.url });
      expect(result.code, result.stderr).toBe(0);
      const [runDir] = readdirSync(reports);
      for (const name of ['customers.rejects.csv', 'customers.warnings.csv', 'report.json']) {
        expect(statSync(join(reports, runDir!, name)).mode & 0o777).toBe(0o600);
      }
      expect(statSync(join(reports, runDir!)).mode & 0o777).toBe(0o700);
      expect(readFileSync(join(reports, runDir!, 'customers.rejects.csv'), 'utf8')).toContain('221,2023-05-11 00:00:00,,010-2345-9221,');
      expect(readFileSync(join(reports, runDir!, 'customers.warnings.csv'), 'utf8')).toContain(',PHONE_INVALID,연락처,010-2345-92222,');
      expect(result.stdout + result.stderr).not.toMatch(/010-\d{4}-\d{4}/);
      expect(readFileSync(join(reports, runDir!, 'report.json'), 'utf8')).not.toMatch(/010-\d{4}-\d{4}/);
    }
  });
});

/** CP949 input is read too: a CP949 file with a bad byte names the line and byte like UTF-8 does. */
describe('CLI errors in CP949 files', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('a CP949 file with bytes that are not CP949 → exit 3, DECODE_INVALID_BYTES at its line and byte', async () => {
    const head = iconv.encode(`${HEADER}\r\n${row(1, '김민지')}\r\n2,2023-05-11 00:00:00,`, 'cp949');
    const file = join(tempDir(), 'cp949-broken.csv');
    writeFileSync(file, Buffer.concat([head, Buffer.from([0xb0, 0x0a]), iconv.encode(',010-1111-2222,\r\n', 'cp949')]));
    const result = await runCli(['customers', '--file', file, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(expectOneLine(result, 3, 'DECODE_INVALID_BYTES')).toMatch(new RegExp(`line 3, byte ${head.length}: .*read as CP949`));
  });
});
