// Reads a filled-in review file back, with the project's own reader: the decoder (UTF-8 with or without a
// byte-order mark, or CP949 from Korean Excel's "CSV (쉼표로 분리)" save; anything else is refused with the
// byte and line) and the CSV parser. Checks what needs no database: the header, each decision cell, the
// source and name of every decided line. Blank decisions are lines still open.

import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EtlError } from '../errors.ts';
import { normalizeLabel } from '../read/header.ts';
import { DecodeStream, type EncodingChoice } from '../read/decode.ts';
import { checkReadable, fileError, isFileError } from '../read/input-file.ts';
import { CsvParseStream, type CsvRecord } from '../read/parse-csv.ts';
import { unguardCell } from '../../sinks/csv-text.ts';
import { throwIssues, type DecisionIssue } from './decision-issues.ts';
import { REQUIRED_COLUMNS, isDecidableSource, parseDecision, type DecidableSource, type Decision } from './review-file.ts';

export interface DecisionLine {
  line: number;
  source: DecidableSource;
  /** The written name as the file holds it (`홍길동 어머님`). */
  name: string;
  /** The phone as the file shows it: masked by the export (`010-****-5678`), '' when the row has none. */
  phone: string;
  decision: Decision;
}

export interface DecisionFile {
  file: string;
  encoding: string;
  /** Data lines read (blank records aside). */
  lines: number;
  /** Lines whose decision cell is blank: still open. */
  open: number;
  decided: DecisionLine[];
}

export async function readDecisionFile(file: string, encoding: EncodingChoice = 'auto'): Promise<DecisionFile> {
  const read = await readRecords(file, encoding);
  const { records } = read;
  const rows = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = rows[0];
  if (!header) {
    throw new EtlError('DECISION_FILE_HEADER', 'the file has no header line', { place: { file, line: 1 }, hint: 'apply the file `review --export` wrote' });
  }
  const labels = header.fields.map(normalizeLabel);
  const at = Object.fromEntries(REQUIRED_COLUMNS.map((c) => [c, labels.indexOf(c)])) as Record<(typeof REQUIRED_COLUMNS)[number], number>;
  const missing = REQUIRED_COLUMNS.filter((c) => at[c] < 0);
  const doubled = REQUIRED_COLUMNS.filter((c) => labels.lastIndexOf(c) !== at[c]);
  if (missing.length > 0 || doubled.length > 0) {
    const what = [missing.length ? `no column ${missing.join(', ')}` : '', doubled.length ? `${doubled.join(', ')} twice` : ''].filter(Boolean).join(' and ');
    throwIssues(file, [{ code: 'DECISION_FILE_HEADER', line: header.line, message: `the header has ${what} (it reads ${header.fields.map((f) => JSON.stringify(f.trim())).join(', ')})` }]);
  }
  const cell = (record: CsvRecord, column: keyof typeof at) => unguardCell(record.fields[at[column]] ?? '').normalize('NFC').trim();
  const issues: DecisionIssue[] = [];
  const decided: DecisionLine[] = [];
  let open = 0;
  for (const record of rows.slice(1)) {
    const decision = parseDecision(cell(record, 'decision'));
    if (decision === null) {
      open++;
      continue;
    }
    if (decision === 'invalid') {
      issues.push({ code: 'DECISION_VALUE_INVALID', line: record.line, message: `${JSON.stringify(cell(record, 'decision'))} is not a decision` });
      continue;
    }
    const source = cell(record, 'source');
    const name = cell(record, 'name');
    if (!isDecidableSource(source)) issues.push({ code: 'DECISION_VALUE_INVALID', line: record.line, message: `${JSON.stringify(source)} is not a source with a review list (sessions, payments, kits, leads)` });
    else if (name === '') issues.push({ code: 'DECISION_VALUE_INVALID', line: record.line, message: 'the name cell is empty: a decision needs the written name it is about' });
    else decided.push({ line: record.line, source, name, phone: cell(record, 'phone'), decision });
  }
  throwIssues(file, issues);
  return { file, encoding: read.encoding, lines: rows.length - 1, open, decided };
}

/** Every record of the file, decoded and parsed as a ledger is; file and byte errors keep their codes. */
async function readRecords(file: string, choice: EncodingChoice): Promise<{ records: CsvRecord[]; encoding: string }> {
  checkReadable(file);
  const decode = new DecodeStream({ file, encoding: choice });
  const records: CsvRecord[] = [];
  const collect = new Writable({
    objectMode: true,
    write(chunk: CsvRecord[], _encoding, done) {
      records.push(...chunk);
      done();
    },
  });
  try {
    await pipeline(createReadStream(file), decode, new CsvParseStream(file), collect);
  } catch (error) {
    if (error instanceof EtlError) throw error;
    if (isFileError(error, file)) throw fileError(error, file);
    throw error;
  }
  return { records, encoding: decode.verdict?.encoding ?? 'utf-8' };
}
