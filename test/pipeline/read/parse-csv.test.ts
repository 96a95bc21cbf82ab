import fc from 'fast-check';
import { parse as csvParseSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EtlError } from '../../../pipeline/errors.ts';
import { CsvParser, MAX_RECORD_CHARS, type CsvRecord } from '../../../pipeline/read/parse-csv.ts';

function parseAll(text: string, chunk = text.length || 1): CsvRecord[] {
  const parser = new CsvParser('test.csv');
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...parser.push(text.slice(i, i + chunk)));
  out.push(...parser.end());
  return out;
}

describe('CsvParser', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, and tracks physical lines', () => {
    const text = '번호,후기제안\r\n1,"후기제안\n\n(영상 or 카톡)"\r\n2,"99,000원 ""첫체험"""\r\n3,x\r\n';
    const records = parseAll(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['번호', '후기제안'],
      ['1', '후기제안\n\n(영상 or 카톡)'],
      ['2', '99,000원 "첫체험"'],
      ['3', 'x'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6]);
    expect(records[2]!.raw).toBe('2,"99,000원 ""첫체험"""');
  });

  it.each([
    ['LF', 'a,b\n1,2\n'],
    ['CRLF', 'a,b\r\n1,2\r\n'],
    ['lone CR', 'a,b\r1,2\r'],
    ['no final line break', 'a,b\r\n1,2'],
  ])('ends records at %s', (_name, text) => {
    const records = parseAll(text);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('keeps empty trailing fields and blank lines as records', () => {
    expect(parseAll('a,b,\r\n\r\n1,,\r\n').map((r) => r.fields)).toEqual([['a', 'b', ''], [''], ['1', '', '']]);
  });

  it('gives the same records whatever the chunk size', () => {
    const text = 'a,"b\r\nc",d\r\n"x""y",,"z"\r\n1,2,3';
    const whole = parseAll(text);
    for (const chunk of [1, 2, 3, 5, 8]) expect(parseAll(text, chunk)).toEqual(whole);
  });

  it('fails on a quote never closed, naming the line where it opens', () => {
    let error: unknown;
    try {
      parseAll('a,b\r\n1,2\r\n3,"never closed\r\n4,5\r\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EtlError);
    expect((error as EtlError).code).toBe('CSV_QUOTE_NOT_CLOSED');
    expect((error as EtlError).place).toMatchObject({ line: 3, column: '2' });
  });

  it('counts a CRLF inside a quoted cell once even when a chunk ends between CR and LF', () => {
    const text = 'a,b\r\n1,"x\r\ny\r\nz"\r\n2,w\r\n';
    for (const chunk of [1, 2, 3, 4, 5, 6, 7]) expect(parseAll(text, chunk).map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('gives the same records, errors included, whatever the chunk size, on any text at all (property test, fixed seed)', () => {
    const outcome = (text: string, chunk: number) => {
      try {
        return parseAll(text, chunk);
      } catch (error) {
        return { code: (error as EtlError).code, place: (error as EtlError).place };
      }
    };
    const text = fc.string({ unit: fc.constantFrom('a', '김', ',', '"', '\n', '\r', ' ', '\u0000') });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), (t, chunk) => {
        expect(outcome(t, chunk)).toEqual(outcome(t, t.length || 1));
      }),
      { seed: 20240614, numRuns: 1000 },
    );
  });

  it('stops a record past MAX_RECORD_CHARS: a quote left open names its line; a row without line breaks too', () => {
    const huge = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const open = (() => {
      try {
        parseAll(`a,b\r\n1,"${huge}`, 65536);
      } catch (error) {
        return error as EtlError;
      }
    })();
    expect(open?.code).toBe('CSV_QUOTE_NOT_CLOSED');
    expect(open?.place).toMatchObject({ line: 2, column: '2' });
    const long = (() => {
      try {
        parseAll(`a,b\r\n1,2\r\n${huge}`, 65536);
      } catch (error) {
        return error as EtlError;
      }
    })();
    expect(long?.code).toBe('CSV_RECORD_TOO_LARGE');
    expect(long?.place.line).toBe(3);
  });

  it('reads a 1 MB quoted cell in 64 KB chunks', () => {
    const cell = '가"나\n'.repeat(256 * 1024);
    const records = parseAll(`a,b\r\n1,"${cell.replace(/"/g, '""')}"\r\n2,x\r\n`, 65536);
    expect(records.map((r) => r.fields[1]!.length)).toEqual([1, cell.length, 1]);
    expect(records[1]!.fields[1]).toBe(cell);
    expect(records[2]!.line).toBe(2 + 256 * 1024 + 1);
  });

  it('agrees with csv-parse on any well-formed CSV (property test, fixed seed)', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '김', ',', '"', '\n', '\r\n', ' ', '\t', '1', '\\') }),
      fc.string(),
    );
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 9 }), fc.constantFrom('\r\n', '\n'), (rows, chunk, eol) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join(eol) + eol;
        const ours = parseAll(text, chunk).map((r) => r.fields);
        const theirs = csvParseSync(text, { relax_column_count: true, record_delimiter: eol }) as string[][];
        expect(ours).toEqual(theirs);
      }),
      { seed: 20250606, numRuns: 500 },
    );
  });
});
