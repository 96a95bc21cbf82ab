// Files as people name them: `pipeline:all --input-dir DIR` places each ledger by its header and layout,
// loads a renamed folder to the same tables as samples/, stops on two files claiming one one-file ledger,
// and lists every CSV it cannot place.

import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtlError } from '../../pipeline/errors.ts';
import { findLedgers } from '../../pipeline/find-ledgers.ts';
import { inspectPaths } from '../../pipeline/inspect/inspect.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { SOURCES } from '../../pipeline/sources/index.ts';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/load.ts';
import { NOT_LEDGERS, RENAMED, writeRenamedSamples } from '../helpers/renamed-samples.ts';
import { tableDigest } from '../helpers/table-digest.ts';

const NOW = new Date('2026-01-15T03:00:00Z');
const sheets = (dir: string) => readdirSync(join(SAMPLES_DIR, dir)).filter((f) => f.endsWith('.csv')).sort((a, b) => a.localeCompare(b, 'ko'));

describe('findLedgers', () => {
  it('places every sample ledger of a renamed folder by its header, and lists what is no ledger', async () => {
    const dir = writeRenamedSamples(tempDir('aibio-renamed-'));
    const found = await findLedgers(dir, SOURCES);
    const rel = (files: readonly string[] | undefined) => (files ?? []).map((f) => relative(dir, f));
    expect(rel(found.inputs.get('customers'))).toEqual([RENAMED.customers]);
    expect(rel(found.inputs.get('leads'))).toEqual([RENAMED.leads]);
    expect(rel(found.inputs.get('kits'))).toEqual([RENAMED.kits]);
    expect(rel(found.inputs.get('revenue-summary'))).toEqual([RENAMED['revenue-summary']]);
    // Monthly sheets in the order of their names, wherever they are: the one at the top among the others.
    expect(rel(found.inputs.get('sessions')).map((f) => basename(f))).toEqual(sheets('이용현황'));
    expect(rel(found.inputs.get('sessions'))).toContain(RENAMED.usageAtTop);
    expect(rel(found.inputs.get('payments'))).toEqual(sheets('결제현황').map((f) => join(RENAMED.paymentsFolder, f)));
    expect(found.conflicts.size).toBe(0);
    expect(found.unplaced.map((u) => u.file).sort()).toEqual(Object.keys(NOT_LEDGERS).sort());
    for (const u of found.unplaced) expect(u.reason).toMatch(NOT_LEDGERS[u.file as keyof typeof NOT_LEDGERS]!);
    expect(new Set(found.placedBy.values())).toEqual(new Set(['header']));
  });

  it('keeps the files where the project always looked, by name (samples/), and lists the raw sheet dump in variants/', async () => {
    const found = await findLedgers(SAMPLES_DIR, SOURCES);
    expect(found.inputs.get('customers')).toEqual([join(SAMPLES_DIR, '고객관리대장_전체고객.csv')]);
    expect(found.inputs.get('sessions')).toEqual(sheets('이용현황').map((f) => join(SAMPLES_DIR, '이용현황', f)));
    expect(new Set(found.placedBy.values())).toEqual(new Set(['name']));
    expect(found.unplaced).toEqual([{ file: join('variants', '고객관리대장_전체고객_원본시트.csv'), reason: expect.stringMatching(/customers ledger in a subfolder/) }]);
  });

  it('stops on two files that are each the customer master, naming both', async () => {
    const dir = tempDir('aibio-two-masters-');
    copyFileSync(join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), join(dir, '고객관리대장_전체고객.csv'));
    copyFileSync(join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), join(dir, '고객관리대장(전체) 2025.12.csv'));
    const found = await findLedgers(dir, SOURCES);
    const conflict = found.conflicts.get('customers');
    expect(conflict).toBeInstanceOf(EtlError);
    expect(conflict!.code).toBe('INPUT_AMBIGUOUS');
    expect(conflict!.message).toContain('"고객관리대장_전체고객.csv"');
    expect(conflict!.message).toContain('"고객관리대장(전체) 2025.12.csv"');
  });

  it('stops on two usage sheets with the same file name in two folders (the name is the month a reload replaces)', async () => {
    const dir = tempDir('aibio-same-sheet-');
    for (const folder of ['이용현황', '이용현황 사본']) {
      mkdirSync(join(dir, folder));
      copyFileSync(join(SAMPLES_DIR, '이용현황', '2025년3월.csv'), join(dir, folder, '2025년3월.csv'));
    }
    const conflict = (await findLedgers(dir, SOURCES)).conflicts.get('sessions');
    expect(conflict?.code).toBe('INPUT_AMBIGUOUS');
    expect(conflict!.message).toMatch(/이용현황\/2025년3월\.csv.*이용현황 사본\/2025년3월\.csv/);
  });

  it('lists a CSV it cannot read with the reader\'s own error, instead of ignoring it', async () => {
    const dir = tempDir('aibio-unreadable-');
    copyFileSync(join(SAMPLES_DIR, '유입고객_DB리스트.csv'), join(dir, '리드.csv'));
    writeFileSync(join(dir, '빈 파일.csv'), '');
    const found = await findLedgers(dir, SOURCES);
    expect(found.inputs.get('leads')).toEqual([join(dir, '리드.csv')]);
    expect(found.unplaced).toEqual([{ file: '빈 파일.csv', reason: expect.stringMatching(/^cannot be read: FILE_EMPTY/) }]);
  });
});

describe('inspect on a folder of renamed ledgers', () => {
  it('finds the customer master by its header, whatever its name, and matches a usage sheet against it', async () => {
    // The master is named so that it sorts after the usage sheet: only its header can say it comes first.
    const renamed = tempDir('aibio-renamed-');
    copyFileSync(join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), join(renamed, '전체 고객 명단.csv'));
    copyFileSync(join(SAMPLES_DIR, '이용현황', '2025년6월.csv'), join(renamed, '2025년6월.csv'));
    const named = tempDir('aibio-named-');
    copyFileSync(join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), join(named, '고객관리대장_전체고객.csv'));
    mkdirSync(join(named, '이용현황'));
    copyFileSync(join(SAMPLES_DIR, '이용현황', '2025년6월.csv'), join(named, '이용현황', '2025년6월.csv'));
    const sessions = async (dir: string) => (await inspectPaths([dir], { sources: SOURCES })).sources.find((p) => p.source === 'sessions')!;
    const [fromRenamed, fromNamed] = await Promise.all([sessions(renamed), sessions(named)]);
    expect(fromRenamed.reviewByReason).toEqual(fromNamed.reviewByReason);
    expect(fromRenamed.review).toBeLessThan(fromRenamed.loaded); // most rows link to a customer of the master
  });
});

describe('pipeline:all on a folder of renamed ledgers', () => {
  let samples: TestDatabase;
  let renamed: TestDatabase;
  let cli: TestDatabase;
  beforeAll(async () => {
    [samples, renamed, cli] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([samples?.drop(), renamed?.drop(), cli?.drop()]);
  });

  it('loads to the same tables as samples/', async () => {
    const dir = writeRenamedSamples(tempDir('aibio-renamed-'));
    const load = async (db: TestDatabase, inputDir: string) => {
      const { inputs } = await findLedgers(inputDir, SOURCES);
      return runPipeline({ command: 'test', sources: SOURCES, inputs, env: { DATABASE_URL: db.url }, reportsDir: tempDir(), now: NOW });
    };
    const [fromSamples, fromRenamed] = await Promise.all([load(samples, SAMPLES_DIR), load(renamed, dir)]);
    expect(Object.keys(fromRenamed.sources)).toEqual(SOURCES.map((s) => s.name));
    for (const name of Object.keys(fromSamples.sources)) expect(fromRenamed.sources[name]!.rowsRead, name).toBe(fromSamples.sources[name]!.rowsRead);
    // Where a row came from names the file it came from: the renamed one-file ledgers differ there only.
    const ignore = { 'etl.match_review': ['file'], 'public.monthly_revenue': ['source_file'] };
    const [a, b] = await Promise.all([tableDigest(samples, { ignore }), tableDigest(renamed, { ignore })]);
    expect(b.rows).toEqual(a.rows);
    for (const table of Object.keys(a.tables)) expect(b.tables[table], table).toEqual(a.tables[table]);
    expect(b.digest).toBe(a.digest);
    expect(a.rows['public.service_sessions']).toBeGreaterThan(4000);
  });

  it('from the command line: loads them all, and lists the files it did not load', async () => {
    const dir = writeRenamedSamples(tempDir('aibio-renamed-'));
    const result = await runCli(['all', '--input-dir', dir, '--reports-dir', tempDir()], { DATABASE_URL: cli.url });
    expect(result.stderr).not.toMatch(/^[A-Z_]+: /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/customers\s+rowsRead 950 · inserted 946/);
    expect(result.stdout).toContain(`${dir}/${RENAMED.customers}`);
    expect(result.stdout).toMatch(/not loaded: 2 CSV file\(s\) of the input folder/);
    for (const file of Object.keys(NOT_LEDGERS)) expect(result.stdout).toContain(`    ${file} — `);
  });

  it('stops with INPUT_AMBIGUOUS (exit 3) and both names when two files are the customer master', async () => {
    const dir = tempDir('aibio-two-masters-');
    copyFileSync(join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), join(dir, '고객관리대장_전체고객.csv'));
    copyFileSync(join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), join(dir, '고객 명단 백업.csv'));
    const result = await runCli(['all', '--input-dir', dir, '--reports-dir', tempDir()], { DATABASE_URL: cli.url });
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^INPUT_AMBIGUOUS: .*"고객 명단 백업\.csv".*"고객관리대장_전체고객\.csv"|^INPUT_AMBIGUOUS: .*"고객관리대장_전체고객\.csv".*"고객 명단 백업\.csv"/);
  });
});
