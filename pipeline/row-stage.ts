// The stream stage between the CSV parser and COPY: finds the header among the first records, turns each
// record into a raw row, runs the source's row function on it and encodes staged rows as COPY text.
// Everything a row can become is counted here, so rows read = staged + rejected + skipped, always.

import { Transform, type TransformCallback } from 'node:stream';
import { EtlError } from './errors.ts';
import { HEADER_SEARCH_ROWS, describeMissingHeader, findHeader, type HeaderMatch } from './read/header.ts';
import type { CsvRecord } from './read/parse-csv.ts';
import type { FileContext, RawRow, RowOutcome, SourceDefinition } from './source.ts';
import { encodeCopyRow } from '../sinks/copy-text.ts';
import type { IssueRecord } from '../sinks/issue-sink.ts';

export interface RowCounters {
  rowsRead: number;
  /** Rows that reached staging (a row may stage several staging rows: `stagedRows`). */
  staged: number;
  stagedRows: number;
  rejected: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  warnings: number;
}

export function emptyCounters(): RowCounters {
  return { rowsRead: 0, staged: 0, stagedRows: 0, rejected: 0, skipped: 0, skippedByReason: {}, warnings: 0 };
}

export interface RowStageOptions {
  source: SourceDefinition;
  file: string;
  name: string;
  mapRow: (row: RawRow, file: FileContext) => RowOutcome;
  counters: RowCounters;
  onReject: (issue: IssueRecord) => void;
  onWarning: (issue: IssueRecord) => void;
}

export class RowStage extends Transform {
  header: HeaderMatch | null = null;
  /** Records above the header (title cell, blank rows) — not data rows. */
  preambleRecords = 0;
  /** Data rows of this file alone. */
  fileRows = 0;
  private pending: CsvRecord[] = [];
  private context: FileContext | null = null;

  constructor(private readonly options: RowStageOptions) {
    super({ objectMode: true });
  }

  override _transform(records: CsvRecord[], _enc: BufferEncoding, done: TransformCallback): void {
    try {
      let batch = records;
      if (!this.header) {
        this.pending.push(...records);
        if (!this.locateHeader(false)) return done();
        batch = this.pending;
        this.pending = [];
      }
      const text = this.mapBatch(batch);
      if (text) this.push(text);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.header) {
        this.locateHeader(true);
        const text = this.mapBatch(this.pending);
        this.pending = [];
        if (text) this.push(text);
      }
      if (this.fileRows === 0) {
        throw new EtlError('FILE_HEADER_ONLY', 'the file has a header but no data rows', {
          place: { file: this.options.file, line: this.header?.line },
          hint: 'check that the export contains the rows; an empty sheet cannot be loaded',
        });
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Looks for the header in the records so far; at the end of input, failing is an error. */
  private locateHeader(atEnd: boolean): boolean {
    const { source, file } = this.options;
    const window = this.pending.slice(0, HEADER_SEARCH_ROWS);
    const header = findHeader(window, source.columns, file);
    if (!header) {
      if (!atEnd && this.pending.length < HEADER_SEARCH_ROWS) return false;
      if (this.pending.every((r) => isBlank(r.fields))) {
        throw new EtlError('FILE_EMPTY', 'the file has no rows', { place: { file }, hint: 'check that this is the right file and that the export finished' });
      }
      throw describeMissingHeader(window, source.columns, file, source.name);
    }
    this.header = header;
    this.preambleRecords = header.index;
    const preamble = this.pending.slice(0, header.index).map((r) => r.fields);
    this.pending = this.pending.slice(header.index + 1);
    this.context = { file, name: this.options.name, header: { line: header.line, labels: header.labels, keys: header.keys }, preamble };
    return true;
  }

  private mapBatch(records: CsvRecord[]): string {
    const { counters, mapRow } = this.options;
    const keys = this.header!.keys;
    let text = '';
    for (const record of records) {
      this.fileRows++;
      const outcome = outcomeOf(record, keys, mapRow, this.context!);
      tally(counters, outcome);
      for (const warning of outcome.warnings ?? []) this.options.onWarning({ file: this.options.file, line: record.line, ...warning });
      if (outcome.kind === 'stage') text += encodeCopyRow(outcome.values);
      else if (outcome.kind === 'stage-many') for (const values of outcome.rows) text += encodeCopyRow(values);
      else if (outcome.kind === 'reject') this.options.onReject({ file: this.options.file, line: record.line, ...outcome.issue, rawLine: record.raw });
    }
    return text;
  }
}

/** What becomes of one record: the checks every source shares, then the source's row function. */
export function outcomeOf(record: CsvRecord, keys: readonly (string | null)[], mapRow: RowStageOptions['mapRow'], context: FileContext): RowOutcome {
  return checkRecord(record, keys) ?? mapRow(toRawRow(record, keys), context);
}

/** Counts one outcome; every row read lands in exactly one of staged, rejected, skipped. */
export function tally(counters: RowCounters, outcome: RowOutcome): void {
  counters.rowsRead++;
  counters.warnings += outcome.warnings?.length ?? 0;
  switch (outcome.kind) {
    case 'stage':
      counters.staged++;
      counters.stagedRows++;
      break;
    case 'stage-many':
      counters.staged++;
      counters.stagedRows += outcome.rows.length;
      break;
    case 'reject':
      counters.rejected++;
      break;
    case 'skip':
      counters.skipped++;
      counters.skippedByReason[outcome.reason] = (counters.skippedByReason[outcome.reason] ?? 0) + 1;
      break;
  }
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/**
 * Checks every source shares: blank rows (skipped), a non-empty field beyond the header (rejected, never
 * trimmed), NUL bytes (rejected). Extra fields that are empty (`…,메모,,,`: Excel pads rows when a cell
 * further right was ever touched) hold nothing to lose and are accepted.
 */
export function checkRecord(record: CsvRecord, keys: readonly (string | null)[]): RowOutcome | null {
  const { fields } = record;
  if (isBlank(fields)) return { kind: 'skip', reason: 'BLANK_ROW' };
  for (let i = keys.length; i < fields.length; i++) {
    if (fields[i]!.trim() !== '') {
      return {
        kind: 'reject',
        issue: {
          code: 'CSV_TOO_MANY_FIELDS',
          column: `#${i + 1}`,
          value: fields[i],
          reason: `the row has ${fields.length} fields but the header has ${keys.length}; a comma inside a cell needs quotes`,
        },
      };
    }
  }
  for (let i = 0; i < fields.length; i++) {
    if (fields[i]!.includes('\u0000')) {
      return { kind: 'reject', issue: { code: 'NUL_BYTE', column: `#${i + 1}`, reason: 'the row holds a NUL byte, which no text column can store; remove it' } };
    }
  }
  return null;
}

export function toRawRow(record: CsvRecord, keys: readonly (string | null)[]): RawRow {
  const values: Record<string, string> = {};
  const n = Math.min(keys.length, record.fields.length);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    if (key) values[key] = record.fields[i]!;
  }
  return { line: record.line, raw: record.raw, values };
}
