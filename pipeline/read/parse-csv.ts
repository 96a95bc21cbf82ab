// Text → CSV records, each with the physical line it starts on and its raw text. RFC 4180 as Excel
// writes it: quoted fields may hold commas, doubled quotes and line breaks (`"후기제안\n\n(영상 or 카톡)"`);
// LF, CRLF and lone CR all end a record. Hand-written rather than csv-parser (no line numbers, accepts a
// quote never closed) or csv-parse (twice as slow with line info); test/pipeline/read checks it against
// csv-parse on generated input. Incremental: state is kept between chunks, so each character is looked
// at once however long a record grows, and a record past MAX_RECORD_CHARS stops the file.

import { Transform, type TransformCallback } from 'node:stream';
import { EtlError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
  /** The record's text as read, without its line break. */
  raw: string;
}

/**
 * Longest record we hold in memory. Excel keeps at most 32,767 characters in a cell, so a record of
 * millions is a quote never closed (`"끝나지 않는 따옴표,010-1111-2222` swallowing the rest of the file).
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: `""` (a quote in the cell) or the closing quote; the next character decides. */
const QUOTE_SEEN = 3;

export class CsvParser {
  recordsParsed = 0;
  /** How records ended: the file's line endings (breaks inside quoted cells are not counted). */
  readonly lineEndings = { crlf: 0, lf: 0, cr: 0 };
  private line = 1;
  private recordLine = 1;
  private fields: string[] = [];
  private value = '';
  private state = FIELD_START;
  /** Some character of the current record was read (a blank line is a record with one empty field). */
  private started = false;
  /** The record's raw text from earlier chunks. */
  private rawHead = '';
  /** The last character was a CR that ended a record: an LF right after it belongs to the same break. */
  private afterRecordCr = false;
  /** Inside a quoted value, the last character was CR: an LF right after it is the same line break. */
  private quotedCr = false;
  private quoteLine = 0;

  constructor(private readonly file: string) {}

  /** Parses every record `text` completes; with `final`, the end of input completes the last one. */
  push(text: string, final = false): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = text.length;
    let i = 0;
    let rawFrom = 0; // where the current record's raw text begins in `text`
    while (i < n) {
      if (this.afterRecordCr) {
        this.afterRecordCr = false;
        if (text.charCodeAt(i) === LF) {
          this.lineEndings.cr--;
          this.lineEndings.crlf++;
          rawFrom = ++i;
          continue;
        }
      }
      if (this.rawHead.length + (i - rawFrom) > MAX_RECORD_CHARS) this.tooLarge();
      const state = this.state;
      if (state === QUOTED) {
        const q = text.indexOf('"', i);
        const end = q < 0 ? n : q;
        if (end > i) {
          const part = text.slice(i, end);
          this.value += part;
          this.countQuotedBreaks(part);
        }
        if (q < 0) {
          i = n;
        } else {
          this.state = QUOTE_SEEN;
          i = q + 1;
        }
        continue;
      }
      if (state === QUOTE_SEEN) {
        this.quotedCr = false;
        if (text.charCodeAt(i) === QUOTE) {
          this.value += '"';
          this.state = QUOTED;
          i++;
        } else {
          // Lenient like Excel: text after the closing quote belongs to the same cell (`"a"b` → `ab`).
          this.state = UNQUOTED;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      if (state === FIELD_START && c === QUOTE) {
        this.state = QUOTED;
        this.started = true;
        this.quotedCr = false;
        this.quoteLine = this.line;
        i++;
        continue;
      }
      const end = scanUnquoted(text, i);
      if (end > i) {
        this.value += text.slice(i, end);
        this.started = true;
        this.state = UNQUOTED;
        i = end;
        if (i >= n) break;
      }
      const d = text.charCodeAt(i);
      this.fields.push(this.value);
      this.value = '';
      this.state = FIELD_START;
      if (d === COMMA) {
        this.started = true;
        i++;
        continue;
      }
      // CR or LF ends the record; CRLF counts once.
      out.push(this.emit(this.rawHead + text.slice(rawFrom, i)));
      this.line++;
      this.recordLine = this.line;
      if (d === CR) {
        this.afterRecordCr = true;
        this.lineEndings.cr++; // a CRLF once the LF is seen, maybe in the next chunk
      } else this.lineEndings.lf++;
      rawFrom = ++i;
    }
    if (this.rawHead.length + (n - rawFrom) > MAX_RECORD_CHARS) this.tooLarge();
    this.rawHead += text.slice(rawFrom, n);
    if (final) this.finish(out);
    this.recordsParsed += out.length;
    return out;
  }

  end(): CsvRecord[] {
    return this.push('', true);
  }

  private finish(out: CsvRecord[]): void {
    if (this.state === QUOTED) {
      throw new EtlError('CSV_QUOTE_NOT_CLOSED', 'a quoted field opens here and is never closed', {
        place: { file: this.file, line: this.quoteLine, column: String(this.fields.length + 1) },
        hint: 'a cell starts with " but has no closing "; fix the quote in that row (Excel writes "" for a quote inside a cell)',
      });
    }
    if (!this.started) return;
    this.fields.push(this.value);
    out.push(this.emit(this.rawHead));
  }

  private emit(raw: string): CsvRecord {
    const record = { line: this.recordLine, fields: this.fields, raw };
    this.fields = [];
    this.value = '';
    this.rawHead = '';
    this.started = false;
    this.state = FIELD_START;
    return record;
  }

  /** Line breaks inside a quoted value: LF, CRLF and lone CR each count once, even across chunks. */
  private countQuotedBreaks(part: string): void {
    let lines = 0;
    for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) lines++;
    for (let k = part.indexOf('\r'); k >= 0; k = part.indexOf('\r', k + 1)) if (part.charCodeAt(k + 1) !== LF) lines++;
    // A CR at the end of the previous part was counted as lone; an LF opening this part joins it.
    if (this.quotedCr && part.charCodeAt(0) === LF) lines--;
    this.quotedCr = part.charCodeAt(part.length - 1) === CR;
    this.line += lines;
  }

  private tooLarge(): never {
    const mib = MAX_RECORD_CHARS / 1024 / 1024;
    if (this.state === QUOTED) {
      throw new EtlError('CSV_QUOTE_NOT_CLOSED', `a quoted field opens here and is still open ${mib} MiB later`, {
        place: { file: this.file, line: this.quoteLine, column: String(this.fields.length + 1) },
        hint: 'a cell starts with " but has no closing "; fix the quote in that row (Excel writes "" for a quote inside a cell)',
      });
    }
    throw new EtlError('CSV_RECORD_TOO_LARGE', `a row longer than ${mib} MiB starts here; Excel rows are far shorter`, {
      place: { file: this.file, line: this.recordLine },
      hint: 'check that this is a CSV export with line breaks between rows',
    });
  }
}

/** Index of the next comma, CR or LF at or after `pos` (or the end). */
function scanUnquoted(buf: string, pos: number): number {
  const n = buf.length;
  while (pos < n) {
    const c = buf.charCodeAt(pos);
    if (c === COMMA || c === LF || c === CR) return pos;
    pos++;
  }
  return n;
}

/** Stream stage: text chunks in, arrays of records out (one array per chunk, to keep per-row overhead low). */
export class CsvParseStream extends Transform {
  readonly parser: CsvParser;

  constructor(file: string) {
    super({ writableObjectMode: true, readableObjectMode: true });
    this.parser = new CsvParser(file);
  }

  override _transform(text: string, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      const records = this.parser.push(text);
      if (records.length > 0) this.push(records);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      const records = this.parser.end();
      if (records.length > 0) this.push(records);
      done();
    } catch (error) {
      done(error as Error);
    }
  }
}
