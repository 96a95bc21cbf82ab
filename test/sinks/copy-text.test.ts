// COPY text escaping, checked against the real server: what goes in comes back byte for byte.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopySink } from '../../sinks/copy-sink.ts';
import { encodeArrayLiteral, encodeCopyRow, encodeCopyValue } from '../../sinks/copy-text.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

describe('COPY text', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = await db.client();
    await client.query('CREATE TABLE copy_probe (id int, t text, a text[], n int, b boolean)');
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  async function roundTrip(rows: [string | null, (string | null)[] | null][]): Promise<{ t: string | null; a: (string | null)[] | null }[]> {
    await client.query('TRUNCATE copy_probe');
    const text = rows.map(([t, a], i) => encodeCopyRow([i, t, a, i * 10, i % 2 === 0])).join('');
    await pipeline(Readable.from([text]), createCopySink(client, 'copy_probe', ['id', 't', 'a', 'n', 'b']));
    return (await client.query('SELECT t, a FROM copy_probe ORDER BY id')).rows;
  }

  it.each([
    ['plain', '김민지'],
    ['tab', 'a\tb'],
    ['newline', '3/2 1차컨택\n3/4 문자보냄'],
    ['carriage return', 'a\r\nb\rc'],
    ['backslash', 'C:\\고객\\N'],
    ['a literal \\N', '\\N'],
    ['quotes and commas', '"99,000원", \'첫체험\''],
    ['Excel formula text', '=HYPERLINK("http://x")'],
  ])('keeps %s exactly', async (_name, value) => {
    expect(await roundTrip([[value, [value, null, '']]])).toEqual([{ t: value, a: [value, null, ''] }]);
  });

  it('writes null as \\N and booleans, numbers and arrays in COPY form', () => {
    expect(encodeCopyValue(null)).toBe('\\N');
    expect(encodeCopyValue(true)).toBe('t');
    expect(encodeCopyValue(12)).toBe('12');
    expect(encodeArrayLiteral(['만성피로', 'a"b'])).toBe('{"만성피로","a\\"b"}');
    expect(encodeCopyRow(['a\tb', null])).toBe('a\\tb\t\\N\n');
  });

  it('round-trips any text without NUL (property test, fixed seed)', async () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('\t', '\n', '\r', '\\', '"', ',', '{', '}', 'N', '김', '😀'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !c.includes('\u0000'))) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.option(text), fc.option(fc.array(fc.option(text), { maxLength: 3 }))), { minLength: 1, maxLength: 20 }), async (rows) => {
        const back = await roundTrip(rows);
        expect(back).toEqual(rows.map(([t, a]) => ({ t, a })));
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
