// Ways a ledger file arrives broken, as byte-level mutations of a sample: flipped bytes, cut files,
// quotes added, dropped or moved, a stretch in the other encoding (or UTF-16), random line endings,
// stray NUL / 0xFF / control bytes, duplicated or swapped lines, extra commas, a huge cell, and text-level
// edits that keep the encoding valid (quotes, commas, line breaks, `님`, digits put in or taken out).
// Each takes the bytes and a seeded Random and returns new bytes; nothing here knows what a row is.

import iconv from 'iconv-lite';
import type { Random } from '../../samples/generator/random.ts';

export type Mutation = (bytes: Buffer, rng: Random) => Buffer;

const at = (bytes: Buffer, rng: Random) => rng.int(0, bytes.length);

/** Indices of every occurrence of `byte`. */
function positions(bytes: Buffer, byte: number): number[] {
  const out: number[] = [];
  for (let i = bytes.indexOf(byte); i >= 0; i = bytes.indexOf(byte, i + 1)) out.push(i);
  return out;
}

function splice(bytes: Buffer, start: number, remove: number, insert: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([bytes.subarray(0, start), insert, bytes.subarray(start + remove)]);
}

/** Splits on CRLF, LF or CR, keeping each line's own ending. */
function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a || bytes[i] === 0x0d) {
      const end = bytes[i] === 0x0d && bytes[i + 1] === 0x0a ? i + 2 : i + 1;
      out.push(bytes.subarray(start, end));
      start = end;
      i = end - 1;
    }
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

/** Reads the bytes as the file's own encoding, applies `edit` to the text, writes them back the same way. */
function editText(bytes: Buffer, edit: (text: string) => string): Buffer {
  const bom = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  const utf8 = bom || !bytes.toString('utf8').includes('\ufffd');
  const text = edit(utf8 ? bytes.subarray(bom ? 3 : 0).toString('utf8') : iconv.decode(bytes, 'cp949'));
  return utf8 ? Buffer.concat([bom ? bytes.subarray(0, 3) : Buffer.alloc(0), Buffer.from(text, 'utf8')]) : iconv.encode(text, 'cp949');
}

/** Characters that mean something to CSV, COPY or a cell rule, and Korean text. */
const TRICKY = ['"', ',', '\r', '\n', '\r\n', '\t', '\\', '\\N', ' ', '\u00a0', '님', '(', ')', '/', '-', '.', '0', '1', '010', '년', '월', '일', 'X', '=', '+', '똠', '햏'];

export const MUTATIONS: Record<string, Mutation> = {
  insertText(bytes, rng) {
    return editText(bytes, (text) => {
      let out = text;
      for (let n = rng.int(1, 10); n > 0; n--) {
        const i = rng.int(0, out.length);
        out = out.slice(0, i) + rng.pick(TRICKY) + out.slice(i);
      }
      return out;
    });
  },
  deleteText(bytes, rng) {
    return editText(bytes, (text) => {
      let out = text;
      for (let n = rng.int(1, 10); n > 0 && out.length > 0; n--) {
        const i = rng.int(0, out.length - 1);
        out = out.slice(0, i) + out.slice(i + rng.int(1, 3));
      }
      return out;
    });
  },
  flipBytes(bytes, rng) {
    const out = Buffer.from(bytes);
    for (let n = rng.int(1, 8); n > 0 && out.length > 0; n--) {
      const i = rng.int(0, out.length - 1);
      out[i] = out[i]! ^ rng.int(1, 255);
    }
    return out;
  },
  cut(bytes, rng) {
    return bytes.subarray(0, at(bytes, rng));
  },
  cutHead(bytes, rng) {
    return bytes.subarray(rng.int(0, Math.min(bytes.length, 64)));
  },
  dropRange(bytes, rng) {
    const start = at(bytes, rng);
    return splice(bytes, start, rng.int(0, Math.min(200, bytes.length - start)));
  },
  addQuote(bytes, rng) {
    return splice(bytes, at(bytes, rng), 0, Buffer.from('"'));
  },
  dropQuote(bytes, rng) {
    const quotes = positions(bytes, 0x22);
    return quotes.length ? splice(bytes, rng.pick(quotes), 1) : bytes;
  },
  moveQuotes(bytes, rng) {
    let out = bytes;
    for (let n = rng.int(1, 4); n > 0; n--) {
      const quotes = positions(out, 0x22);
      if (!quotes.length) break;
      out = splice(out, rng.pick(quotes), 1);
      out = splice(out, at(out, rng), 0, Buffer.from('"'));
    }
    return out;
  },
  otherEncodingStretch(bytes, rng) {
    // A stretch re-encoded: UTF-8 text in a CP949 file or CP949 in a UTF-8 one (bytes read as the other).
    const start = at(bytes, rng);
    const end = Math.min(bytes.length, start + rng.int(1, 300));
    const stretch = bytes.subarray(start, end);
    const asText = rng.chance(0.5) ? iconv.decode(stretch, 'cp949') : stretch.toString('utf8');
    return splice(bytes, start, end - start, rng.chance(0.5) ? iconv.encode(asText, 'cp949') : Buffer.from(asText, 'utf8'));
  },
  koreanInOtherEncoding(bytes, rng) {
    const text = rng.pick(['김민지', '똠햏', '서울 강서구', '만성피로, 어깨통증', '가격 안내 O']);
    return splice(bytes, at(bytes, rng), 0, rng.chance(0.5) ? iconv.encode(text, 'cp949') : Buffer.from(text, 'utf8'));
  },
  utf16(bytes, rng) {
    const text = bytes.toString('utf8');
    const body = Buffer.from(text, 'utf16le');
    return rng.chance(0.5) ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
  },
  toggleBom(bytes) {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    return bytes.subarray(0, 3).equals(bom) ? bytes.subarray(3) : Buffer.concat([bom, bytes]);
  },
  bomInTheMiddle(bytes, rng) {
    return splice(bytes, at(bytes, rng), 0, Buffer.from([0xef, 0xbb, 0xbf]));
  },
  lineEndings(bytes, rng) {
    const endings = ['\r\n', '\n', '\r', '\n\r', ''];
    const choice = rng.pick(['mixed', ...endings]);
    return Buffer.concat(
      lines(bytes).map((line) => {
        const body = line.subarray(0, line.length - (line.at(-1) === 0x0a ? (line.at(-2) === 0x0d ? 2 : 1) : line.at(-1) === 0x0d ? 1 : 0));
        const ending = choice === 'mixed' ? rng.pick(endings) : choice;
        return Buffer.concat([body, Buffer.from(ending)]);
      }),
    );
  },
  strayBytes(bytes, rng) {
    let out = bytes;
    for (let n = rng.int(1, 4); n > 0; n--) out = splice(out, at(out, rng), 0, Buffer.from([rng.pick([0x00, 0xff, 0x80, 0x1b, 0x07, 0x0b, 0xc0, 0xed, 0xa0])]));
    return out;
  },
  duplicateLine(bytes, rng) {
    const all = lines(bytes);
    if (!all.length) return bytes;
    const i = rng.int(0, all.length - 1);
    all.splice(rng.int(0, all.length), 0, all[i]!);
    return Buffer.concat(all);
  },
  swapLines(bytes, rng) {
    const all = lines(bytes);
    if (all.length < 2) return bytes;
    const i = rng.int(0, all.length - 1);
    const j = rng.int(0, all.length - 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
    return Buffer.concat(all);
  },
  extraCommas(bytes, rng) {
    let out = bytes;
    for (let n = rng.int(1, 6); n > 0; n--) out = splice(out, at(out, rng), 0, Buffer.from(rng.chance(0.5) ? ',' : ',남는칸'));
    return out;
  },
  hugeCell(bytes, rng) {
    const unit = rng.pick(['가', 'x', '0', ' ', '"', '\n', '010-1234-5678 ', '2023-05-']);
    return splice(bytes, at(bytes, rng), 0, Buffer.from(unit.repeat(rng.int(1_000, 40_000))));
  },
  formulaCells(bytes, rng) {
    return splice(bytes, at(bytes, rng), 0, Buffer.from(rng.pick([',=HYPERLINK("http://x"),', ',+82 10-1234-5678,', ',@SUM(A1),', ',-1+2,'])));
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);
