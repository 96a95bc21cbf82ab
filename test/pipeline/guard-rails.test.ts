// The guard rails: which servers count as this machine, when business hours are, what is refused and
// what is let through — the decision table with a fixed clock, then the real CLI refusing before it
// ever connects (a `.invalid` host cannot be reached, so a refusal is the only way to exit 7).

import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../pipeline/errors.ts';
import { decideGuards, isLocalHost, parseBusinessHours, serverOf, withinBusinessHours } from '../../pipeline/guard-rails.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/load.ts';

const REMOTE = 'postgres://center:s3cret@db.aibio.invalid:5432/aibio';
/** 2025-06-06 14:00 in Seoul (05:00 UTC): business hours. */
const AFTERNOON = new Date('2025-06-06T05:00:00Z');
/** 2025-06-06 22:30 in Seoul (13:30 UTC): after closing. */
const NIGHT = new Date('2025-06-06T13:30:00Z');

describe('guard rails: the decision', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST.', true],
    ['127.0.0.1', true],
    ['127.10.0.5', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['/var/run/postgresql', true],
    ['', true],
    ['db.aibio.kr', false],
    ['10.0.0.5', false],
    ['192.0.2.2', false],
    ['localhost.aibio.kr', false],
    ['128.0.0.1', false],
  ])('host %j is local: %s', (host, local) => {
    expect(isLocalHost(host)).toBe(local);
  });

  it.each([
    [undefined, undefined, 'embedded'],
    ['', undefined, 'embedded'],
    ['postgres://me@127.0.0.1:5432/aibio', undefined, 'local'],
    ['postgres://me@localhost/aibio', undefined, 'local'],
    ['postgres://me@%2Fvar%2Frun%2Fpostgresql/aibio', undefined, 'local'],
    ['postgres:///aibio?host=/tmp', undefined, 'local'],
    ['postgres:///aibio', undefined, 'local'],
    ['postgres:///aibio', 'db.aibio.kr', 'remote'],
    ['postgres://me:pw@db.aibio.kr:5432/aibio', undefined, 'remote'],
    ['postgres://me@[fd00::2]:5432/aibio', undefined, 'remote'],
  ])('DATABASE_URL %j (PGHOST %j) is %s', (url, pgHost, kind) => {
    expect(serverOf(url, pgHost).kind).toBe(kind);
  });

  it.each([
    // server, clock, hours, --yes, --force → refusal
    ['embedded', AFTERNOON, undefined, false, false, null],
    ['local', AFTERNOON, undefined, false, false, null],
    ['remote', NIGHT, undefined, false, false, 'GUARD_REMOTE_SERVER'],
    ['remote', AFTERNOON, undefined, false, true, 'GUARD_REMOTE_SERVER'],
    ['remote', NIGHT, undefined, true, false, null],
    ['remote', AFTERNOON, undefined, true, false, 'GUARD_BUSINESS_HOURS'],
    ['remote', AFTERNOON, undefined, true, true, null],
    ['remote', AFTERNOON, 'off', true, false, null],
    ['remote', NIGHT, '22:00-23:00', true, false, 'GUARD_BUSINESS_HOURS'],
    ['remote', NIGHT, '09:00-18:00 America/New_York', true, false, 'GUARD_BUSINESS_HOURS'], // 09:30 in New York
    ['remote', AFTERNOON, '09:00-18:00 America/New_York', true, false, null], // 01:00 in New York
  ] as const)('%s server at %s, hours %j, yes %s, force %s → %s', (server, now, hours, yes, force, refusal) => {
    const url = { embedded: undefined, local: 'postgres://me@127.0.0.1/aibio', remote: REMOTE }[server];
    const decision = decideGuards({ databaseUrl: url, businessHours: hours, now, yes, force });
    expect(decision.server).toBe(server);
    expect(decision.refusal?.code ?? null).toBe(refusal);
  });

  it('never shows the password in a refusal', () => {
    const decision = decideGuards({ databaseUrl: REMOTE, now: NIGHT, yes: false, force: false });
    expect(decision.refusal!.toOneLine()).toContain('center:****@db.aibio.invalid');
    expect(decision.refusal!.toOneLine()).not.toContain('s3cret');
  });

  it.each([
    ['09:00-21:00', '2025-06-06T00:00:00Z', true], // 09:00 Seoul, first minute in
    ['09:00-21:00', '2025-06-05T23:59:00Z', false], // 08:59 Seoul
    ['09:00-21:00', '2025-06-06T11:59:00Z', true], // 20:59 Seoul
    ['09:00-21:00', '2025-06-06T12:00:00Z', false], // 21:00 Seoul, closed
    ['22:00-06:00', '2025-06-06T14:00:00Z', true], // 23:00 Seoul, overnight window
    ['22:00-06:00', '2025-06-06T03:00:00Z', false], // 12:00 Seoul
    ['00:00-24:00', '2025-06-06T03:00:00Z', true],
  ])('%s contains %s: %s', (spec, at, inside) => {
    expect(withinBusinessHours(new Date(at), parseBusinessHours(spec)!)).toBe(inside);
  });

  it.each(['9-21', '09:00', '25:00-26:00', '09:61-21:00', '09:00-21:00 Mars/Olympus'])('rejects the setting %j with a coded error', (spec) => {
    expect(() => parseBusinessHours(spec)).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('guard rails: the command line', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('refuses a load into a server that is not local without --yes, before connecting or writing a report', async () => {
    const reports = tempDir();
    const result = await runCli(['customers', '--reports-dir', reports], { DATABASE_URL: REMOTE, AIBIO_BUSINESS_HOURS: 'off' });
    expect(result.code).toBe(EXIT.refused);
    expect(result.stderr).toMatch(/^GUARD_REMOTE_SERVER: .*db\.aibio\.invalid.*--yes/);
    expect(result.stderr).not.toContain('s3cret');
    expect(readdirSync(reports)).toEqual([]);
  });

  it('with --yes goes on to connect (and so fails to reach the made-up host)', async () => {
    const result = await runCli(['customers', '--yes', '--reports-dir', tempDir()], { DATABASE_URL: REMOTE, AIBIO_BUSINESS_HOURS: 'off' });
    expect(result.code).toBe(EXIT.database);
    expect(result.stderr).toMatch(/^DB_UNREACHABLE: /);
  });

  it('refuses during business hours unless --force', async () => {
    const allDay = { DATABASE_URL: REMOTE, AIBIO_BUSINESS_HOURS: '00:00-24:00' };
    const refused = await runCli(['all', '--yes', '--reports-dir', tempDir()], allDay);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.stderr).toMatch(/^GUARD_BUSINESS_HOURS: .*--force/);
    const forced = await runCli(['all', '--yes', '--force', '--reports-dir', tempDir()], allDay);
    expect(forced.code).toBe(EXIT.database);
    expect(forced.stderr).toMatch(/^DB_UNREACHABLE: /);
  });

  it.each([
    [['migrate', 'up'], EXIT.refused, 'GUARD_REMOTE_SERVER'],
    [['restore', '20250606T120000Z-ab12'], EXIT.refused, 'GUARD_REMOTE_SERVER'],
    // read-only commands (verify, backup, restore --list) are not guarded: they go straight to the server
    [['verify'], EXIT.database, 'DB_UNREACHABLE'],
  ])('%j against a remote server exits %d with %s', async (args, status, code) => {
    const result = await runCli(args, { DATABASE_URL: REMOTE, AIBIO_BUSINESS_HOURS: 'off' });
    expect(result.code).toBe(status);
    expect(result.stderr).toMatch(new RegExp(`^${code}: `));
  });

  it('says so when the business hours setting cannot be read', async () => {
    const result = await runCli(['customers', '--yes'], { DATABASE_URL: REMOTE, AIBIO_BUSINESS_HOURS: '9시-21시' });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/^CONFIG_INVALID: AIBIO_BUSINESS_HOURS/);
  });

  it('lets a local server load during business hours without any flag', async () => {
    const reports = tempDir();
    const result = await runCli(['customers', '--reports-dir', reports], { DATABASE_URL: db.url, AIBIO_BUSINESS_HOURS: '00:00-24:00' });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(EXIT.ok);
    expect(existsSync(reports) && readdirSync(reports).length).toBe(1);
    expect(await db.query('SELECT count(*)::int AS n FROM customers')).toEqual([{ n: 946 }]);
  });
});
