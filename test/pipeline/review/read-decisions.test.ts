// The decision file as Excel hands it back, read with the pipeline's own decoder and CSV parser (no
// database): the words a decision cell may hold, a header in any column order, blank and open lines,
// the `'` Excel keeps before text that looks like a formula, and the three encodings.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readDecisionFile } from '../../../pipeline/review/read-decisions.ts';
import { parseDecision } from '../../../pipeline/review/review-file.ts';
import { tempDir } from '../../helpers/load.ts';

describe('parseDecision', () => {
  it.each([
    ['12', { kind: 'link', customerId: 12 }],
    [' 12 ', { kind: 'link', customerId: 12 }],
    ['#12', { kind: 'link', customerId: 12 }],
    ['ignore', { kind: 'ignore' }],
    ['IGNORE', { kind: 'ignore' }],
    ['제외', { kind: 'ignore' }],
    [' 무시', { kind: 'ignore' }],
    ['', null],
    ['   ', null],
    ['정하늘', 'invalid'],
    ['12명', 'invalid'],
    ['1.5', 'invalid'],
    ['12, 13', 'invalid'],
    ['-12', 'invalid'],
  ] as const)('%j → %j', (cell, expected) => {
    expect(parseDecision(cell)).toEqual(expected);
  });
});

describe('readDecisionFile', () => {
  const dir = tempDir('aibio-decisions-');
  const write = (name: string, text: string, encoding: 'utf-8-bom' | 'utf-8' | 'cp949') => {
    const path = join(dir, name);
    const body = encoding === 'cp949' ? iconv.encode(text, 'cp949') : Buffer.from(text, 'utf8');
    writeFileSync(path, encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
    return path;
  };
  const FILE = [
    'source,name,phone,rows,reason,candidates,decision,where',
    'sessions,이서연 어머님,,2,RELATIVE_OF,"2: 이서연, 010-****-1002, 2024-02-10",6,"2025년5월.csv:3, 2025년5월.csv:4"',
    'sessions,테스트,,1,NO_MATCH,,제외,2025년5월.csv:5',
    ',,,,,,,',
    'sessions,최유진,,1,NAME_AMBIGUOUS,,,2025년5월.csv:6',
    "leads,'=김영희,010-****-1111,1,NO_MATCH,,ignore,leads.csv:2",
  ].join('\r\n');

  it.each(['utf-8-bom', 'utf-8', 'cp949'] as const)('reads the decided lines of a %s file, with their lines', async (encoding) => {
    const read = await readDecisionFile(write(`decided-${encoding}.csv`, `${FILE}\r\n`, encoding));
    expect(read.encoding).toBe(encoding);
    expect(read).toMatchObject({ lines: 4, open: 1 });
    expect(read.decided).toEqual([
      { line: 2, source: 'sessions', name: '이서연 어머님', phone: '', decision: { kind: 'link', customerId: 6 } },
      { line: 3, source: 'sessions', name: '테스트', phone: '', decision: { kind: 'ignore' } },
      { line: 6, source: 'leads', name: '=김영희', phone: '010-****-1111', decision: { kind: 'ignore' } },
    ]);
  });

  it('takes the columns by their names, in any order, with others beside them', async () => {
    const path = write('reordered.csv', 'decision,메모,Name , SOURCE,phone\n7,전화로 확인,김영희,sessions,010-****-1111\n', 'utf-8');
    expect((await readDecisionFile(path)).decided).toEqual([{ line: 2, source: 'sessions', name: '김영희', phone: '010-****-1111', decision: { kind: 'link', customerId: 7 } }]);
  });

  it.each([
    ['no decision column', 'source,name,phone,rows\r\nsessions,테스트,,1\r\n', /the header has no column decision/],
    ['a column twice', 'source,name,phone,decision,decision\r\nsessions,테스트,,1,2\r\n', /the header has decision twice/],
    ['only blank lines', ',,,\r\n\r\n', /the file has no header line/],
  ])('refuses a file with %s (DECISION_FILE_HEADER)', async (_what, text, message) => {
    await expect(readDecisionFile(write('header.csv', text, 'utf-8-bom'))).rejects.toMatchObject({ code: 'DECISION_FILE_HEADER', message });
  });

  it('names a decided line without a known source or a name', async () => {
    const path = write('bad-lines.csv', 'source,name,phone,decision\r\nsessions,,,6\r\nvisits,김영희,,6\r\nsessions,테스트,,\r\n', 'utf-8-bom');
    await expect(readDecisionFile(path)).rejects.toMatchObject({
      code: 'DECISION_VALUE_INVALID',
      place: { line: 2 },
      message: expect.stringMatching(/the name cell is empty.*; 1 more: line 3 DECISION_VALUE_INVALID \("visits" is not a source with a review list/),
    });
  });

  it('refuses bytes that are neither UTF-8 nor CP949, naming the line', async () => {
    const bytes = Buffer.concat([iconv.encode('source,name,phone,decision\r\nsessions,테스트,,', 'cp949'), Buffer.from([0x80, 0x0d, 0x0a])]);
    const path = join(dir, 'broken.csv');
    writeFileSync(path, bytes);
    await expect(readDecisionFile(path)).rejects.toMatchObject({ code: 'DECODE_INVALID_BYTES', place: { line: 2 } });
  });
});
