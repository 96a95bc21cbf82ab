// Text → CSV records, each with the physical line it starts on and its raw text. RFC 4180 as Excel
// writes it: quoted fields may hold commas, doubled quotes and line breaks (`"후기제안\n\n(영상 or 카톡)"`);
// LF, CRLF and lone CR all end a record. Hand-written rather than csv-parser (no line numbers, accepts a
// quote never closed) or csv-parse (twice as slow with line info); test/pipeline/read checks it against
// csv-parse on generated input.

import { Transform, type TransformCallback } from 'node:stream';
import { EtlError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
  /** The record's text as read, without its line break. */
  raw: string;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** Outcome of parsing one record from a position: the record, or "need more text". */
type Step = { record: CsvRecord; next: number; lines: number } | null;

export class CsvParser {
  private carry = '';
  private line = 1;
  recordsParsed = 0;
  /** How records ended: the file's line endings (breaks inside quoted cells are not counted). */
  readonly lineEndings = { crlf: 0, lf: 0, cr: 0 };

  constructor(private readonly file: string) {}

  /** Parses every complete record in `text` (appended to what was left over). */
  push(text: string, final = false): CsvRecord[] {
    const buf = this.carry + text;
    const out: CsvRecord[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const step = this.parseRecord(buf, pos, final);
      if (step === null) break;
      out.push(step.record);
      this.line += step.lines;
      pos = step.next;
    }
    this.carry = buf.slice(pos);
    this.recordsParsed += out.length;
    return out;
  }

  end(): CsvRecord[] {
    const out = this.push('', true);
    if (this.carry.length > 0) throw new Error('CSV parser left text unparsed at end of input');
    return out;
  }

  private parseRecord(buf: string, start: number, final: boolean): Step {
    const fields: string[] = [];
    const startLine = this.line;
    let lines = 0;
    let pos = start;
    for (;;) {
      let value: string;
      if (buf.charCodeAt(pos) === QUOTE) {
        const openedOnLine = startLine + lines;
        let i = pos + 1;
        value = '';
        for (;;) {
          const q = buf.indexOf('"', i);
          if (q < 0) {
            if (!final) return null;
            throw new EtlError('CSV_QUOTE_NOT_CLOSED', 'a quoted field opens here and is never closed', {
              place: { file: this.file, line: openedOnLine },
              hint: 'a cell starts with " but has no closing "; fix the quote in that row (Excel writes "" for a quote inside a cell)',
            });
          }
          if (q + 1 >= buf.length && !final) return null; // the next character decides: "" or closing
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(i, q + 1);
            i = q + 2;
            continue;
          }
          value += buf.slice(i, q);
          pos = q + 1;
          break;
        }
        lines += countBreaks(value);
        // Lenient like Excel: text after the closing quote belongs to the same cell (`"a"b` → `ab`).
        const stray = scanUnquoted(buf, pos);
        if (stray > pos) {
          value += buf.slice(pos, stray);
          pos = stray;
        }
      } else {
        const end = scanUnquoted(buf, pos);
        value = buf.slice(pos, end);
        pos = end;
      }
      fields.push(value);
      if (pos >= buf.length) {
        if (!final) return null;
        return { record: { line: startLine, fields, raw: buf.slice(start, pos) }, next: pos, lines };
      }
      const c = buf.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        if (pos >= buf.length && !final) return null;
        if (pos >= buf.length) {
          fields.push('');
          return { record: { line: startLine, fields, raw: buf.slice(start, pos) }, next: pos, lines };
        }
        continue;
      }
      // CR or LF ends the record; CRLF counts once.
      const rawEnd = pos;
      if (c === CR) {
        if (pos + 1 >= buf.length && !final) return null;
        const crlf = buf.charCodeAt(pos + 1) === LF;
        pos += crlf ? 2 : 1;
        if (crlf) this.lineEndings.crlf++;
        else this.lineEndings.cr++;
      } else {
        pos += 1;
        this.lineEndings.lf++;
      }
      return { record: { line: startLine, fields, raw: buf.slice(start, rawEnd) }, next: pos, lines: lines + 1 };
    }
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

function countBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) count++;
  return count;
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
