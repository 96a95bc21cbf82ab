// `inspect` looks before you load: its predictions must equal what the load then does, its encoding
// verdicts must hold on tricky files, and a CSV of no known ledger still gets a correct profile.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectPaths } from '../../../pipeline/inspect/inspect.ts';
import { runPipeline } from '../../../pipeline/run.ts';
import { SOURCES } from '../../../pipeline/sources/index.ts';
import { SAMPLES_DIR } from '../../../samples/generator/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/load.ts';
import { listCsvFiles } from '../../../pipeline/inspect/inspect.ts';
import { formatInspection } from '../../../pipeline/inspect/format.ts';

describe('inspect', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('predicts, source by source, exactly what loading the samples then reports', async () => {
    // The files pipeline:all reads: everything in samples/ but the variants folder.
    const paths = readdirSync(SAMPLES_DIR).filter((n) => n !== 'variants').map((n) => join(SAMPLES_DIR, n));
    const inspection = await inspectPaths(paths, { sources: SOURCES });
    const inputs = new Map<string, string[]>();
    for (const f of inspection.files.filter((f) => f.source !== null)) inputs.set(f.source!, [...(inputs.get(f.source!) ?? []), f.file]);
    const ordered = SOURCES.filter((s) => inputs.has(s.name));
    expect(ordered.map((s) => s.name)).toEqual(SOURCES.map((s) => s.name));
    const report = await runPipeline({ command: 'test', sources: ordered, inputs, env: { DATABASE_URL: db.url }, reportsDir: tempDir(), budget: { maxRejects: Infinity, maxRejectRatio: 1 } });
    for (const source of ordered) {
      const predicted = inspection.sources.find((p) => p.source === source.name);
      expect(predicted, `${source.name} has no prediction for inspect`).toBeDefined();
      const loaded = report.sources[source.name]!;
      const m = loaded.merge;
      expect({ rows: predicted!.rows, rejected: predicted!.rejected, skipped: predicted!.skipped, loaded: predicted!.loaded, merged: predicted!.merged, review: predicted!.review }, source.name).toEqual({
        rows: loaded.rowsRead,
        rejected: loaded.rejected,
        skipped: loaded.skipped,
        loaded: (m.inserted ?? 0) + (m.updated ?? 0) + (m.unchanged ?? 0),
        merged: m.duplicates ?? 0,
        review: m.review ?? 0,
      });
    }
  });

  it('finds the header and mapping of the raw sheet dump and profiles its columns like the export', async () => {
    const {
      files: [exported, dump],
    } = await inspectPaths(
      [join(SAMPLES_DIR, '고객관리대장_전체고객.csv'), join(SAMPLES_DIR, 'variants', '고객관리대장_전체고객_원본시트.csv')],
      { sources: SOURCES },
    );
    expect(dump!.headerRow).toBe(3);
    expect(dump!.encoding).toBe('cp949');
    expect(dump!.mapping.mapped.map((m) => m.key)).toEqual(exported!.mapping.mapped.map((m) => m.key));
    const phone = (f: typeof exported) => f!.columns.find((c) => c.key === 'phone')!;
    expect(phone(dump)).toEqual({ ...phone(exported), label: phone(dump).label });
  });

  it.each([
    ['cp949 with 똠 and 햏 (outside EUC-KR)', (t: string) => iconv.encode(t, 'cp949'), 'cp949'],
    ['utf-8 with a BOM', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]), 'utf-8-bom'],
    ['utf-8 without a BOM', (t: string) => Buffer.from(t), 'utf-8'],
    ['cp949 whose first Korean byte comes after 300 KB of ASCII', (t: string) => iconv.encode(`${'x,1\r\n'.repeat(60_000)}${t}`, 'cp949'), 'cp949'],
    ['utf-8 whose first Korean byte comes after 300 KB of ASCII', (t: string) => Buffer.from(`${'x,1\r\n'.repeat(60_000)}${t}`), 'utf-8'],
  ])('detects %s', async (_name, encode, encoding) => {
    const file = join(tempDir(), 'sample.csv');
    writeFileSync(file, encode('이름,메모\r\n똠얌꿍,햏\r\n김민지,한글\r\n'));
    const [result] = (await inspectPaths([file], { sources: SOURCES })).files;
    expect(result!.encoding).toBe(encoding);
    expect(result!.error).toBeNull();
  });

  it('profiles a CSV of no known ledger (a public-data export) correctly', async () => {
    const rows = [
      ['약국명', '소재지 주소', '전화번호', '개설일자', '야간운영'],
      ['가온약국', '서울특별시 강서구 화곡로 100', '02-2601-1234', '2015-03-02', 'Y'],
      ['나래약국', '서울특별시 양천구 목동로 22', '02-2645-9876', '2018-11-20', 'N'],
      ['다솜약국', '경기도 김포시 사우중로 5', '031-981-5555', '2020-01-06', 'N'],
      ['라온약국', '서울특별시 강서구 공항대로 7', '', '2021-07-15', ''],
      ['마루약국', '서울특별시 강서구 화곡로 100', '02-2601-4321', '2012-05-30', 'Y'],
    ];
    const file = join(tempDir(), '전국약국정보_공공데이터.csv');
    writeFileSync(file, iconv.encode(rows.map((r) => r.join(',')).join('\r\n'), 'cp949'));
    const [result] = (await inspectPaths([file], { sources: SOURCES })).files;
    expect(result!.source).toBeNull();
    expect(result!.headerRow).toBe(1);
    expect(result!.rows).toBe(5);
    // The oracle: the same file read by csv-parse, counted by hand.
    const records = parse(iconv.decode(readFileSync(file), 'cp949'), { columns: true }) as Record<string, string>[];
    for (const column of result!.columns) {
      const values = records.map((r) => r[column.label]!);
      expect(column.empty, column.label).toBe(values.filter((v) => v === '').length);
      expect(column.distinct, column.label).toBe(new Set(values.filter((v) => v !== '')).size);
    }
    const byLabel = Object.fromEntries(result!.columns.map((c) => [c.label, c]));
    expect(byLabel['전화번호']!.kind).toBe('phone');
    expect(byLabel['전화번호']!.forms).toEqual({ valid: 4 });
    expect(byLabel['개설일자']!.kind).toBe('date');
    expect(byLabel['개설일자']!.forms).toEqual({ 'excel-datetime': 5 });
    expect(byLabel['소재지 주소']!.top[0]).toEqual({ value: '서울특별시 강서구 화곡로 100', count: 2 });
    expect(byLabel['야간운영']!.kind).toBeNull();
    expect(result!.checks.every((c) => c.level !== 'fail')).toBe(true);
  });

  it('prints JSON in the documented shape and exits 0 on the samples', async () => {
    const result = await runCli(['inspect', SAMPLES_DIR, '--json'], { DATABASE_URL: 'postgres://unused@127.0.0.1:1/none' });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.files).toHaveLength(listCsvFiles([SAMPLES_DIR]).length);
    for (const f of json.files) expect(Object.keys(f)).toEqual(expect.arrayContaining(['file', 'encoding', 'headerRow', 'source', 'rows', 'columns', 'checks']));
    expect([...new Set(json.sources.map((p: { source: string }) => p.source))]).toEqual(SOURCES.map((s) => s.name));
    expect(result.stdout).not.toMatch(/010-\d{4}-\d{4}/);
  });

  it('masks phones everywhere, also in a data row taken for the header of a file with no header', async () => {
    const dir = tempDir();
    // no header: the first row is a customer, and its cells become the column labels
    writeFileSync(join(dir, '연락처만.csv'), '김민지,010-2345-6789,서울 강서구\r\n이서연,010-3456-7890,서울 양천구\r\n박지훈,010-4567-8901,김포시\r\n');
    for (const args of [['inspect', dir], ['inspect', dir, '--json']]) {
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('2345');
      expect(result.stdout).not.toMatch(/010-\d{4}-\d{4}/);
      expect(result.stdout).toContain('010-****-6789');
    }
  });

  it('exits non-zero with a FAIL line for a file the load would refuse', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '고객관리대장_전체고객.csv'), Buffer.concat([Buffer.from('번호,이름,연락처\r\n1,김민지,010-1234-5678\r\n'), Buffer.from([0xff, 0xfe, 0x41])]));
    const result = await runCli(['inspect', dir]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/FAIL {2}readable: DECODE_INVALID_BYTES/);
  });

  it('shows per column how many cells each repair recovered, with masked examples', async () => {
    // [번호, 첫방문일, 이름, 연락처]: the repair each cell needs is beside it; cells the load cannot read count for nothing.
    const rows = [
      ['１', '2023-05-12 오후 3:04:05', '김민지', 'HP 010-2345-6708'], //        number: full-width; date: ampm-time; phone: label
      ['2', '２０２３－０５－１２', '이서연', '０１０－２３４５－６７０１'], //  date: full-width, dash; phone: full-width, dash
      ['3', '2023-05-12(금)', '박도윤', '1023456795'], //                       date: weekday; phone: leading-zero
      ['4', '2023-05-12 (목)', '최하준', '+82 010-2345-6790'], //               date: weekday that contradicts the day, not read; phone: country-code
      ["'5", '2023-05-12 00:00:00', '정지우', '234567980'], //                  number: excel-apostrophe; phone: leading-zero (Seoul)
      ['6', '2023-05-12 00:00:00', '강수아', '030-234-5671'], //                 phone: no such area, not read
    ];
    const file = join(tempDir(), '전체 고객.csv');
    writeFileSync(file, `\ufeff${[['번호', '첫방문일', '이름', '연락처'], ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`);
    const inspection = await inspectPaths([file], { sources: SOURCES, now: new Date('2025-07-01T03:00:00Z') });
    const [result] = inspection.files;
    expect(result!.source).toBe('customers');
    const repaired = (key: string) => Object.fromEntries(Object.entries(result!.columns.find((c) => c.key === key)!.repaired!).map(([k, r]) => [k, r.cells]));
    expect(repaired('ledgerNo')).toEqual({ 'full-width': 1, 'excel-apostrophe': 1 });
    expect(repaired('firstVisit')).toEqual({ 'ampm-time': 1, 'full-width': 1, dash: 1, weekday: 1 });
    expect(repaired('phone')).toEqual({ label: 1, 'full-width': 1, dash: 1, 'leading-zero': 2, 'country-code': 1 });
    expect(result!.columns.find((c) => c.key === 'name')!.repaired).toBeUndefined(); // names are never folded
    const phoneExamples = result!.columns.find((c) => c.key === 'phone')!.repaired!;
    expect(phoneExamples.label!.examples).toEqual(['HP 010-****-6708']);
    expect(phoneExamples['leading-zero']!.examples).toEqual(['******6795', '*****7980']);
    const text = formatInspection(inspection);
    expect(text).toMatch(/연락처 → phone \[phone\].*\n\s+read after a repair: .*label 1 \(e\.g\. HP 010-\*\*\*\*-6708\)/);
    expect(text).not.toMatch(/2345|23456/); // no phone number in full, whatever its form
  });
});
