// Exact data through the real customers load (CSV → decode → parse → COPY → merge → table): any text a
// cell can hold comes back from 비고 (notes) byte for byte after NFC — tabs, line breaks, lone CRs,
// backslashes, quotes, emoji, every Hangul syllable (in UTF-8 and in CP949), combining jamo; a NUL byte
// rejects its row with its line; 1 MB cells load or are rejected cleanly; formula text stays text.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../pipeline/sources/customers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { load, tempDir } from '../helpers/load.ts';
import { csvRow } from '../../samples/generator/write-csv.ts';

const HEADER = ['번호', '이름', '연락처', '거주지역', '첫방문일', '비고'];
const FIRST_SYLLABLE = 0xac00;
const LAST_SYLLABLE = 0xd7a3;

/** A ledger of rows [번호, 이름, 연락처, 거주지역, 첫방문일, 비고] in UTF-8 with a BOM (or CP949), CRLF. */
function writeLedger(rows: readonly (readonly string[])[], encoding: 'utf-8' | 'cp949' = 'utf-8'): string {
  const text = [HEADER, ...rows].map(csvRow).join('\r\n') + '\r\n';
  const file = join(tempDir(), `ledger-${encoding}.csv`);
  if (encoding === 'cp949') {
    const bytes = iconv.encode(text, 'cp949');
    expect(iconv.decode(bytes, 'cp949')).toBe(text); // every character has a CP949 code
    writeFileSync(file, bytes);
  } else writeFileSync(file, `\ufeff${text}`);
  return file;
}

const noteRow = (id: number, note: string) => [String(id), '한지우', '', '', '', note];

async function notesOf(db: TestDatabase, ids: readonly number[]): Promise<Map<number, string | null>> {
  const rows = await db.query<{ customer_id: number; notes: string | null }>('SELECT customer_id, notes FROM customers WHERE customer_id = ANY($1)', [ids]);
  return new Map(rows.map((r) => [r.customer_id, r.notes]));
}

/** Physical lines a written record takes: 1 plus the line breaks inside its quoted cells. */
const linesOf = (cells: readonly string[]) => 1 + cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

describe('exact data through the customers load', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it.each(['utf-8', 'cp949'] as const)('every Hangul syllable U+AC00–U+D7A3 (%s) comes back exactly', async (encoding) => {
    const syllables = Array.from({ length: LAST_SYLLABLE - FIRST_SYLLABLE + 1 }, (_, i) => String.fromCodePoint(FIRST_SYLLABLE + i));
    expect(syllables).toHaveLength(11_172);
    const notes: string[] = [];
    for (let i = 0; i < syllables.length; i += 100) notes.push(syllables.slice(i, i + 100).join(''));
    const rows = notes.map((note, i) => noteRow(1000 + i, note));
    const report = await load(db, customers, writeLedger(rows, encoding));
    expect(report.sources.customers!.files[0]!.encoding?.encoding).toBe(encoding === 'cp949' ? 'cp949' : 'utf-8-bom');
    const stored = await notesOf(db, rows.map((r) => Number(r[0])));
    expect(rows.map((r) => stored.get(Number(r[0])))).toEqual(notes);
  });

  it('any cell text survives CSV → COPY → table byte for byte after NFC (property test, fixed seed)', async () => {
    const piece = fc.oneof(
      fc.constantFrom('\t', '\n', '\r', '\r\n', '\\', '\\N', '\\.', '"', '""', ',', ' ', '  ', '\u00a0', '\ufeff', '\u2028', '=', '+', '@'),
      fc.constantFrom('😀', '👨‍👩‍👧', '🇰🇷', '❤️', '🏳️‍🌈', 'e\u0301'),
      fc.integer({ min: FIRST_SYLLABLE, max: LAST_SYLLABLE }).map((c) => String.fromCodePoint(c)),
      fc.integer({ min: FIRST_SYLLABLE, max: LAST_SYLLABLE }).map((c) => String.fromCodePoint(c).normalize('NFD')), // combining jamo
      fc.integer({ min: 0x1100, max: 0x11ff }).map((c) => String.fromCodePoint(c)), // conjoining jamo, old ones included
      fc.integer({ min: 0x3131, max: 0x318e }).map((c) => String.fromCodePoint(c)), // compatibility jamo ㄱㅏ
      fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
    );
    const cell = fc
      .array(piece, { minLength: 1, maxLength: 12 })
      .map((parts) => parts.join('').replace(/\u0000/g, ''))
      .filter((text) => text.normalize('NFC').trim() !== ''); // a blank cell is no note at all (null)
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 1, maxLength: 25 }), async (cells) => {
        const rows = cells.map((note, i) => noteRow(2000 + i, note));
        await load(db, customers, writeLedger(rows));
        const stored = await notesOf(db, rows.map((r) => Number(r[0])));
        expect(cells.map((_, i) => stored.get(2000 + i))).toEqual(cells.map((c) => c.normalize('NFC')));
      }),
      { seed: 20_240_612, numRuns: 30 },
    );
  });

  it('decomposed Hangul (macOS Excel) is stored composed; old jamo that NFC cannot compose stay as written', async () => {
    const decomposed = '홍길동 님 메모'.normalize('NFD');
    const archaic = '\u1100\u119e\u11a8'; // ᄀᆞᆨ: no precomposed syllable
    expect(decomposed).not.toBe('홍길동 님 메모');
    await load(db, customers, writeLedger([noteRow(3001, decomposed), noteRow(3002, archaic)]));
    expect([...(await notesOf(db, [3001, 3002])).entries()].sort()).toEqual([
      [3001, '홍길동 님 메모'],
      [3002, archaic],
    ]);
  });

  it('Excel formula text stays text: in the table exactly, and neutralised in the rejects CSV people open', async () => {
    const formulas = ['=HYPERLINK("http://example.com","클릭")', '+82 10-1234-5678', '=1+1', '@SUM(A1:A3)', '-2+3', '=cmd|\' /C calc\'!A0'];
    const rows = [...formulas.map((f, i) => noteRow(4000 + i, f)), ['=1+1', '배수아', '+82 10-9876-5432', '', '', '']];
    const report = await load(db, customers, writeLedger(rows), { budget: { maxRejects: 5, maxRejectRatio: 1 } });
    const stored = await notesOf(db, formulas.map((_, i) => 4000 + i));
    expect(formulas.map((_, i) => stored.get(4000 + i))).toEqual(formulas);
    const [reject] = await db.query<{ line: number; code: string; value: string; raw_line: string }>('SELECT line, code, value, raw_line FROM etl.rejects WHERE run_id = $1', [report.runId]);
    expect(reject).toEqual({ line: 8, code: 'LEDGER_NUMBER_INVALID', value: '=1+1', raw_line: '=1+1,배수아,+82 10-9876-5432,,,' });
    const csv = readFileSync(report.sources.customers!.rejects.file!, 'utf8');
    expect(csv).toContain(`,8,LEDGER_NUMBER_INVALID,번호,'=1+1,`);
    expect(csv).toContain(`"'=1+1,배수아,+82 10-9876-5432,,,"`);
    expect(csv).not.toMatch(/(^|,)"?=/m);
  });

  it('a NUL byte rejects its row, at its physical line after multi-line cells; the other rows load', async () => {
    const rows = [noteRow(5001, '첫 줄\n둘째 줄\r셋째 줄\r\n넷째 줄'), noteRow(5002, 'A\u0000B'), noteRow(5003, '끝')];
    const report = await load(db, customers, writeLedger(rows), { budget: { maxRejects: 1, maxRejectRatio: 1 } });
    const expectedLine = 2 + linesOf(rows[0]!);
    expect(expectedLine).toBe(6);
    const rejects = await db.query<{ line: number; code: string }>('SELECT line, code FROM etl.rejects WHERE run_id = $1', [report.runId]);
    expect(rejects).toEqual([{ line: expectedLine, code: 'NUL_BYTE' }]);
    expect([...(await notesOf(db, [5001, 5002, 5003])).keys()].sort()).toEqual([5001, 5003]);
  });

  it('1 MB cells: a note loads whole; a name, 번호 or region that long is rejected or set aside with a reason', async () => {
    const mb = (unit: string) => unit.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(unit)));
    const bigNote = mb('가나다 "따옴표", 줄\n바꿈\t탭\\ ');
    const rows = [
      noteRow(6001, bigNote),
      [String(6002), mb('김'), '', '', '', ''],
      [mb('7'), '한지우', '', '', '', ''],
      [String(6004), '한지우', mb('0'), mb('서울 '), mb('2023-'), '메모'],
    ];
    const report = await load(db, customers, writeLedger(rows), { budget: { maxRejects: 2, maxRejectRatio: 1 } });
    const s = report.sources.customers!;
    expect(s).toMatchObject({ rowsRead: 4, rejected: 2, skipped: 0 });
    expect(s.merge.inserted! + s.merge.updated! + s.merge.unchanged!).toBe(2);
    expect((await notesOf(db, [6001])).get(6001)).toBe(bigNote);
    const rejects = await db.query<{ line: number; code: string }>('SELECT line, code FROM etl.rejects WHERE run_id = $1 ORDER BY line', [report.runId]);
    const lineOf = (k: number) => 2 + rows.slice(0, k).reduce((n, r) => n + linesOf(r), 0);
    expect(rejects.map((r) => [r.line, r.code])).toEqual([
      [lineOf(1), 'FIELD_TOO_LONG'],
      [lineOf(2), 'LEDGER_NUMBER_INVALID'],
    ]);
    const [big] = await db.query<{ phone: string | null; phone_raw: string; phone_status: string; region: string | null; first_visit_date: string | null }>(
      'SELECT phone, phone_raw, phone_status, region, first_visit_date FROM customers WHERE customer_id = 6004',
    );
    expect(big).toEqual({ phone: null, phone_raw: mb('0'), phone_status: 'invalid', region: null, first_visit_date: null });
    const line = lineOf(3);
    const warnings = await db.query<{ code: string; column_name: string }>('SELECT code, column_name FROM etl.warnings WHERE run_id = $1 AND line = $2 ORDER BY column_name', [report.runId, line]);
    expect(warnings.map((w) => [w.column_name, w.code])).toEqual([
      ['거주지역', 'FIELD_TOO_LONG'],
      ['연락처', 'PHONE_INVALID'],
      ['첫방문일', 'DATE_UNPARSEABLE'],
    ]);
  });
});
