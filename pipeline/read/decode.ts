// Bytes → text. Detects UTF-8 with BOM, UTF-8 and CP949 (Korean Excel's "CSV (쉼표로 분리)") from the bytes,
// never from a guess: the ASCII prefix is passed on at once (it reads the same in all three), the first
// non-ASCII bytes decide, and every later byte is validated, so a file never loads as mojibake.

import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { EtlError } from '../errors.ts';
import { Cp949Validator, Utf8Validator, hexAround } from './byte-validators.ts';

export const ENCODING_CHOICES = ['auto', 'utf-8', 'cp949'] as const;
export type EncodingChoice = (typeof ENCODING_CHOICES)[number];
export type Encoding = 'utf-8' | 'utf-8-bom' | 'cp949';

export interface EncodingVerdict {
  encoding: Encoding;
  /** Why: "byte-order mark EF BB BF", "first non-ASCII bytes at 1042 (EA B9) are valid UTF-8" … */
  evidence: string;
}

/** Bytes of non-ASCII text looked at before deciding; Korean text shows its encoding within a few. */
const SNIFF_WINDOW = 4096;
const FFFD = '\uFFFD';

export interface DecodeOptions {
  file: string;
  encoding?: EncodingChoice;
}

export class DecodeStream extends Transform {
  verdict: EncodingVerdict | undefined;
  bytesRead = 0;
  private readonly file: string;
  private readonly choice: EncodingChoice;
  private head = Buffer.alloc(0); // first bytes until the magic numbers can be read
  private headChecked = false;
  private sniff: Buffer[] = []; // non-ASCII window while undecided
  private sniffLength = 0;
  private sniffStart = 0;
  private validator: Utf8Validator | Cp949Validator | undefined;
  private utf8: TextDecoder | undefined;
  private cp949: ReturnType<typeof iconv.getDecoder> | undefined;
  private newlines = 0; // line breaks in bytes already handed on, for error messages

  constructor(options: DecodeOptions) {
    super({ readableObjectMode: true });
    this.file = options.file;
    this.choice = options.encoding ?? 'auto';
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.bytesRead += chunk.length;
      if (!this.headChecked) {
        this.head = Buffer.concat([this.head, chunk]);
        if (this.head.length < 4) return done();
        chunk = this.checkHead(this.head);
        this.headChecked = true;
      }
      this.handle(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.headChecked) {
        this.headChecked = true;
        this.handle(this.checkHead(this.head));
      }
      if (!this.verdict) this.decide(true);
      const cut = this.validator?.end() ?? -1;
      if (cut >= 0) this.fail(this.validatorBase + cut, Buffer.alloc(0), 'the file ends in the middle of a character');
      const tail = this.cp949?.end();
      if (tail) this.push(tail);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Magic numbers at the start of the file; returns the bytes that remain to be decoded. */
  private checkHead(head: Buffer): Buffer {
    const place = { file: this.file, byteOffset: 0 };
    if (head[0] === 0xff && head[1] === 0xfe) throw utf16Error(this.file, 'FF FE');
    if (head[0] === 0xfe && head[1] === 0xff) throw utf16Error(this.file, 'FE FF');
    if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
      throw new EtlError('INPUT_IS_SPREADSHEET', 'this is an Excel workbook, not a CSV file', {
        place,
        hint: 'open it in Excel and save each sheet with "CSV UTF-8 (쉼표로 분리)" or "CSV (쉼표로 분리)"',
      });
    }
    checkBinary(head.subarray(0, 8192), this.file);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    if (bom) {
      if (this.choice === 'cp949') {
        throw new EtlError('DECODE_INVALID_BYTES', 'the file starts with a UTF-8 byte-order mark but --encoding cp949 was given', {
          place,
          hint: 'drop --encoding or pass --encoding utf-8',
        });
      }
      this.setVerdict({ encoding: 'utf-8-bom', evidence: 'byte-order mark EF BB BF at the start' });
      this.bomLength = 3;
      return head.subarray(3);
    }
    if (this.choice === 'utf-8') this.setVerdict({ encoding: 'utf-8', evidence: '--encoding utf-8' });
    if (this.choice === 'cp949') this.setVerdict({ encoding: 'cp949', evidence: '--encoding cp949' });
    return head;
  }

  private bomLength = 0;
  private bytesHandled = 0; // body bytes (after any BOM) already decoded or passed on
  private validatorBase = 0; // body offset where the validator started counting

  private handle(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.verdict) return this.decodeChunk(chunk);
    if (this.sniffLength === 0) {
      const firstHigh = chunk.findIndex((b) => b >= 0x80);
      const ascii = firstHigh < 0 ? chunk : chunk.subarray(0, firstHigh);
      this.passAscii(ascii);
      if (firstHigh < 0) return;
      this.sniffStart = this.bytesHandled;
      chunk = chunk.subarray(firstHigh);
    }
    this.sniff.push(chunk);
    this.sniffLength += chunk.length;
    if (this.sniffLength >= SNIFF_WINDOW) this.decide(false);
  }

  private passAscii(ascii: Buffer): void {
    if (ascii.length > 0) this.push(ascii.toString('latin1'));
    this.newlines += countLineBreaks(ascii);
    this.bytesHandled += ascii.length;
  }

  /** Decide from the buffered non-ASCII window, then decode it. */
  private decide(atEnd: boolean): void {
    const window = Buffer.concat(this.sniff);
    this.sniff = [];
    this.sniffLength = 0;
    const at = this.bomLength + this.sniffStart;
    const utf8 = new Utf8Validator();
    let bad = utf8.push(window);
    if (bad < 0 && atEnd) bad = utf8.end();
    if (window.length === 0) {
      this.setVerdict({ encoding: 'utf-8', evidence: 'only ASCII bytes, which read the same in UTF-8 and CP949' });
    } else if (bad < 0) {
      this.setVerdict({ encoding: 'utf-8', evidence: `first non-ASCII bytes at offset ${at} (${hexAround(window, 0)}) are valid UTF-8` });
    } else if (utf8.longSequences >= 2) {
      // Korean in UTF-8 before the bad byte: a UTF-8 file with damage, not CP949 (which decoding will report).
      this.setVerdict({ encoding: 'utf-8', evidence: `first non-ASCII bytes at offset ${at} (${hexAround(window, 0)}) are UTF-8 Korean` });
    } else {
      this.setVerdict({
        encoding: 'cp949',
        evidence: `bytes at offset ${at + bad} (${hexAround(window, bad)}) are not UTF-8; read as CP949 (Korean Excel)`,
      });
    }
    this.decodeChunk(window);
  }

  private setVerdict(verdict: EncodingVerdict): void {
    this.verdict = verdict;
    this.validatorBase = this.bytesHandled;
    if (verdict.encoding === 'cp949') {
      this.validator = new Cp949Validator();
      this.cp949 = iconv.getDecoder('cp949');
    } else {
      this.validator = new Utf8Validator();
      this.utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
    }
    this.emit('encoding', verdict);
  }

  private decodeChunk(chunk: Buffer): void {
    const bad = this.validator!.push(chunk);
    if (bad >= 0) this.fail(this.validatorBase + bad, chunk, `these bytes are not valid ${this.encodingName()}`);
    const text = this.utf8 ? this.utf8.decode(chunk, { stream: true }) : this.cp949!.write(chunk);
    if (this.cp949) {
      const replaced = text.indexOf(FFFD);
      if (replaced >= 0) {
        this.fail(this.bytesHandled + byteIndexOfCp949Char(chunk, replaced), chunk, 'these bytes are not a character in CP949');
      }
    }
    if (text.length > 0) this.push(text);
    this.newlines += countLineBreaks(chunk);
    this.bytesHandled += chunk.length;
  }

  private encodingName(): string {
    return this.verdict?.encoding === 'cp949' ? 'CP949' : 'UTF-8';
  }

  /** `bodyOffset` counts body bytes (after any BOM); `chunk` is the chunk being decoded, not yet counted. */
  private fail(bodyOffset: number, chunk: Buffer, what: string): never {
    const indexInChunk = bodyOffset - this.bytesHandled;
    const line = this.newlines + countLineBreaks(chunk.subarray(0, Math.max(0, indexInChunk))) + 1;
    const shown = indexInChunk >= 0 && indexInChunk < chunk.length ? hexAround(chunk, indexInChunk) : 'at the end of the file';
    throw new EtlError('DECODE_INVALID_BYTES', `${what} (${shown}); the file was read as ${this.encodingName()}`, {
      place: { file: this.file, line, byteOffset: this.bomLength + bodyOffset },
      hint: 'fix or remove those bytes, or re-save the whole file in one encoding (Excel: "CSV UTF-8"); --encoding utf-8|cp949 forces one',
    });
  }
}

/** LF, CRLF and lone CR each end a line. */
export function countLineBreaks(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) count++;
    else if (b === 0x0d && bytes[i + 1] !== 0x0a) count++;
  }
  return count;
}

/** Offset in `bytes` of the character at `charIndex` of its CP949 decoding (1 byte below 0x80, else 2). */
function byteIndexOfCp949Char(bytes: Uint8Array, charIndex: number): number {
  let offset = 0;
  for (let c = 0; c < charIndex && offset < bytes.length; c++) offset += bytes[offset]! < 0x80 ? 1 : 2;
  return offset;
}

function utf16Error(file: string, bom: string): EtlError {
  return new EtlError('ENCODING_UTF16', `the file is UTF-16 (byte-order mark ${bom}), which this tool does not read`, {
    place: { file, byteOffset: 0 },
    hint: 'save it from Excel as "CSV UTF-8 (쉼표로 분리)" or "CSV (쉼표로 분리)"',
  });
}

/** A text CSV has few control bytes; NULs every other byte mean UTF-16 without a byte-order mark. */
function checkBinary(head: Buffer, file: string): void {
  if (head.length === 0) return;
  let nul = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) {
      nul++;
      if (i % 2 === 1) nulOdd++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (head.length >= 8 && nul > head.length / 4 && (nulOdd > nul * 0.9 || nulOdd < nul * 0.1)) {
    throw new EtlError('ENCODING_UTF16', 'the file looks like UTF-16 without a byte-order mark (every other byte is 0)', {
      place: { file, byteOffset: 0 },
      hint: 'save it from Excel as "CSV UTF-8 (쉼표로 분리)" or "CSV (쉼표로 분리)"',
    });
  }
  if (nul + control > Math.max(8, head.length * 0.1)) {
    throw new EtlError('INPUT_BINARY', `the file is not text: ${nul + control} of its first ${head.length} bytes are control bytes`, {
      place: { file, byteOffset: 0 },
      hint: 'check that this is the CSV export and not another file',
    });
  }
}
