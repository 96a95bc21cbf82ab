import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EtlError } from '../../../pipeline/errors.ts';
import { DecodeStream, type EncodingChoice } from '../../../pipeline/read/decode.ts';

async function decode(bytes: Buffer, options: { chunk?: number; encoding?: EncodingChoice } = {}) {
  const size = options.chunk ?? 65536;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const stream = new DecodeStream({ file: 'test.csv', encoding: options.encoding });
  let text = '';
  await pipeline(
    Readable.from(chunks),
    stream,
    new Writable({
      objectMode: true,
      write(chunk: string, _e, done) {
        text += chunk;
        done();
      },
    }),
  );
  return { text, verdict: stream.verdict };
}

async function decodeError(bytes: Buffer, options: { chunk?: number; encoding?: EncodingChoice } = {}): Promise<EtlError> {
  const error = await decode(bytes, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EtlError);
  return error as EtlError;
}

const KOREAN = '번호,이름,연락처\r\n1,김민지,010-1234-5678\r\n2,똠햏씨,1012345678\r\n';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('DecodeStream', () => {
  it.each([1, 2, 3, 7, 4096])('reads UTF-8 with a BOM, in chunks of %d bytes, without the BOM in the text', async (chunk) => {
    const { text, verdict } = await decode(Buffer.concat([BOM, Buffer.from(KOREAN)]), { chunk });
    expect(text).toBe(KOREAN);
    expect(verdict?.encoding).toBe('utf-8-bom');
  });

  it.each([1, 2, 3, 4096])('reads UTF-8 without a BOM (chunks of %d)', async (chunk) => {
    const { text, verdict } = await decode(Buffer.from(KOREAN), { chunk });
    expect(text).toBe(KOREAN);
    expect(verdict?.encoding).toBe('utf-8');
  });

  it.each([1, 2, 3, 4096])('reads CP949, including 똠 and 햏 which EUC-KR lacks (chunks of %d)', async (chunk) => {
    const bytes = iconv.encode(KOREAN, 'cp949');
    const { text, verdict } = await decode(bytes, { chunk });
    expect(text).toBe(KOREAN);
    expect(verdict?.encoding).toBe('cp949');
    expect(verdict?.evidence).toMatch(/not UTF-8/);
  });

  it('decides from the first non-ASCII bytes even when they come 200 KB into the file', async () => {
    const ascii = `no,name\r\n${'1,abc\r\n'.repeat(30_000)}`;
    for (const [encoding, bytes] of [
      ['cp949', iconv.encode(`${ascii}2,김민지\r\n`, 'cp949')],
      ['utf-8', Buffer.from(`${ascii}2,김민지\r\n`)],
    ] as const) {
      const { text, verdict } = await decode(bytes, { chunk: 65536 });
      expect(verdict?.encoding).toBe(encoding);
      expect(text.endsWith('2,김민지\r\n')).toBe(true);
      expect(verdict?.evidence).toContain(`offset ${Buffer.byteLength(ascii) + 2}`);
    }
  });

  it('reads a file of ASCII only', async () => {
    const { text, verdict } = await decode(Buffer.from('a,b\r\n1,2\r\n'));
    expect(text).toBe('a,b\r\n1,2\r\n');
    expect(verdict?.encoding).toBe('utf-8');
  });

  it('names the byte offset and line of bytes that are not UTF-8 after a UTF-8 start', async () => {
    const good = Buffer.from('번호,이름\r\n1,김민지\r\n2,');
    const bytes = Buffer.concat([good, Buffer.from([0xff, 0x41]), Buffer.from('\r\n')]);
    const error = await decodeError(bytes, { chunk: 5 });
    expect(error.code).toBe('DECODE_INVALID_BYTES');
    expect(error.place).toMatchObject({ byteOffset: good.length, line: 3 });
  });

  it('fails on a UTF-8 file that turns into CP949 later (mixed encodings) rather than load mojibake', async () => {
    const head = Buffer.from(`번호,이름\r\n${'1,김민지\r\n'.repeat(1000)}`);
    const tail = iconv.encode('2,이서연\r\n', 'cp949');
    const error = await decodeError(Buffer.concat([head, tail]));
    expect(error.code).toBe('DECODE_INVALID_BYTES');
    expect(error.place.byteOffset).toBe(head.length + 2);
    expect(error.place.line).toBe(1002);
  });

  it('fails on bytes that are not CP949 in a CP949 file', async () => {
    const head = iconv.encode('번호,이름\r\n1,김민지\r\n', 'cp949');
    const error = await decodeError(Buffer.concat([head, Buffer.from([0xb0, 0x0a])]));
    expect(error.code).toBe('DECODE_INVALID_BYTES');
    expect(error.place).toMatchObject({ byteOffset: head.length, line: 3 });
  });

  it('fails on a file cut in the middle of a character', async () => {
    const bytes = Buffer.from('번호,이름\r\n1,김민지');
    const error = await decodeError(bytes.subarray(0, bytes.length - 1));
    expect(error.code).toBe('DECODE_INVALID_BYTES');
    expect(error.message).toMatch(/end of the file/);
  });

  it.each([
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('번호,이름\r\n', 'utf16le')]), 'ENCODING_UTF16'],
    ['UTF-16 BE with BOM', Buffer.from([0xfe, 0xff, 0x00, 0x41, 0x00, 0x2c]), 'ENCODING_UTF16'],
    ['UTF-16 LE without BOM', Buffer.from('no,name\r\n1,abc\r\n', 'utf16le'), 'ENCODING_UTF16'],
    ['an .xlsx workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'INPUT_IS_SPREADSHEET'],
    ['an .xls workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'INPUT_IS_SPREADSHEET'],
    ['binary bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7) % 32)), 'INPUT_BINARY'],
  ])('refuses %s with %s', async (_name, bytes, code) => {
    expect((await decodeError(bytes)).code).toBe(code);
  });

  it('honours --encoding, and refuses cp949 for a file that starts with a UTF-8 BOM', async () => {
    const cp = iconv.encode(KOREAN, 'cp949');
    expect((await decode(cp, { encoding: 'cp949' })).text).toBe(KOREAN);
    expect((await decodeError(cp, { encoding: 'utf-8' })).code).toBe('DECODE_INVALID_BYTES');
    expect((await decodeError(Buffer.concat([BOM, Buffer.from(KOREAN)]), { encoding: 'cp949' })).code).toBe('DECODE_INVALID_BYTES');
  });
});
