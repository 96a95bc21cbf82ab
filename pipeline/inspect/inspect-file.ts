// Inspects one CSV without a database: the same reader (decode → parse) and, for a known source, the
// same header finder and row function as the load, so what it predicts is what the load then does.
// Streams the file; memory grows only with the bounded column profiles and the prediction's keys.

import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EtlError } from '../errors.ts';
import { DecodeStream, type EncodingChoice, type EncodingVerdict } from '../read/decode.ts';
import { CsvParseStream, type CsvRecord } from '../read/parse-csv.ts';
import { HEADER_SEARCH_ROWS, readerOf, type HeaderMatch } from '../read/header.ts';
import { detectSource } from '../detect-source.ts';
import { emptyCounters, outcomeOf, tally, type RowCounters } from '../row-stage.ts';
import type { FileContext, MergePredictor, RunContext, SourceDefinition } from '../source.ts';

export { detectSource };
import { ColumnProfiler, guessKind, type ColumnProfile } from './profile-column.ts';
import { maskPhonesInText } from '../../transforms/mask-phone.ts';

export interface LineEndings {
  crlf: number;
  lf: number;
  cr: number;
  verdict: 'CRLF' | 'LF' | 'CR' | 'mixed' | 'none';
}

export interface FileInspection {
  file: string;
  bytes: number;
  encoding: string | null;
  encodingEvidence: string | null;
  lineEndings: LineEndings;
  /** 1-based line of the header row, or null when none was found. */
  headerRow: number | null;
  source: string | null;
  rows: number;
  columns: ColumnProfile[];
  mapping: { mapped: { label: string; key: string }[]; unmapped: string[]; missing: string[] };
  outcomes: (RowCounters & { rejectsByCode: Record<string, number>; warningsByCode: Record<string, number>; examples: string[] }) | null;
  error: { code: string; message: string } | null;
  /** Filled by the checklist. */
  checks: Check[];
}

export interface Check {
  name: string;
  level: 'pass' | 'warn' | 'fail';
  detail: string;
}

export interface InspectFileOptions {
  encoding?: EncodingChoice;
  sources: readonly SourceDefinition[];
  run: RunContext;
  /** One predictor per source, shared by all its files (the ledger repeats rows of the monthly sheets). */
  predictorFor: (source: SourceDefinition) => MergePredictor | null;
}

/** For a file of no known source: the first row with at least two labels among the first rows. */
function genericHeader(records: readonly CsvRecord[]): CsvRecord | null {
  const width = Math.max(0, ...records.map((r) => r.fields.filter((f) => f.trim() !== '').length));
  return records.find((r) => {
    const filled = r.fields.filter((f) => f.trim() !== '');
    return filled.length >= Math.max(2, width / 2) && filled.filter((f) => /^[\d\s.,:/-]+$/.test(f)).length < filled.length / 2;
  }) ?? null;
}

function lineEndingsOf(counts: { crlf: number; lf: number; cr: number }): LineEndings {
  const { crlf, lf, cr } = counts;
  const kinds = [crlf && 'CRLF', lf && 'LF', cr && 'CR'].filter(Boolean) as ('CRLF' | 'LF' | 'CR')[];
  return { crlf, lf, cr, verdict: kinds.length === 0 ? 'none' : kinds.length === 1 ? kinds[0]! : 'mixed' };
}

export async function inspectFile(file: string, options: InspectFileOptions): Promise<FileInspection> {
  const result: FileInspection = {
    file,
    bytes: 0,
    encoding: null,
    encodingEvidence: null,
    lineEndings: { crlf: 0, lf: 0, cr: 0, verdict: 'none' },
    headerRow: null,
    source: null,
    rows: 0,
    columns: [],
    mapping: { mapped: [], unmapped: [], missing: [] },
    outcomes: null,
    error: null,
    checks: [],
  };
  const decode = new DecodeStream({ file, encoding: options.encoding });
  const parse = new CsvParseStream(file);
  const pending: CsvRecord[] = [];
  let handle: ((record: CsvRecord) => void) | null = null;
  let finish = () => {};

  const start = () => {
    const detected = detectSource(pending.slice(0, HEADER_SEARCH_ROWS), options.sources, file);
    handle = detected ? startKnown(detected.source, detected.header) : startGeneric();
    for (const record of pending.splice(0)) handle(record);
  };

  const startKnown = (source: SourceDefinition, header: HeaderMatch): ((record: CsvRecord) => void) => {
    result.source = source.name;
    result.headerRow = header.line;
    const spec = new Map(source.columns.map((c) => [c.key as string, c]));
    const profilers = header.labels.map((label, i) => {
      const column = header.keys[i] ? spec.get(header.keys[i]!) : undefined;
      return new ColumnProfiler(label, header.keys[i] ?? null, column?.kind ?? null, options.run, readerOf(column));
    });
    result.mapping = {
      mapped: header.labels.flatMap((label, i) => (header.keys[i] ? [{ label, key: header.keys[i]! }] : [])),
      unmapped: header.unmapped,
      missing: header.absent.map((k) => spec.get(k)?.labels[0] ?? k),
    };
    const counters = emptyCounters();
    const rejectsByCode: Record<string, number> = {};
    const warningsByCode: Record<string, number> = {};
    const examples: string[] = [];
    result.outcomes = { ...counters, rejectsByCode, warningsByCode, examples };
    const mapRow = source.createRowMapper(options.run);
    const predictor = options.predictorFor(source);
    const preamble = pending.slice(0, header.index).map((r) => r.fields);
    const context: FileContext = { file, name: basename(file), header: { line: header.line, labels: header.labels, keys: header.keys }, preamble };
    finish = () => {
      Object.assign(result.outcomes!, counters);
      result.columns = profilers.map((p) => p.result());
      result.rows = counters.rowsRead;
    };
    let seenHeader = false;
    return (record) => {
      if (!seenHeader) {
        seenHeader = record.line === header.line;
        return;
      }
      record.fields.forEach((value, i) => profilers[i]?.add(value));
      const outcome = outcomeOf(record, header.keys, mapRow, context);
      tally(counters, outcome);
      for (const w of outcome.warnings ?? []) warningsByCode[w.code] = (warningsByCode[w.code] ?? 0) + 1;
      if (outcome.kind === 'reject') {
        rejectsByCode[outcome.issue.code] = (rejectsByCode[outcome.issue.code] ?? 0) + 1;
        if (examples.length < 5) examples.push(`line ${record.line} ${outcome.issue.code}: ${maskPhonesInText(outcome.issue.value ?? '')}`);
      } else if (outcome.kind === 'stage') predictor?.observe(outcome.values);
      else if (outcome.kind === 'stage-many') for (const values of outcome.rows) predictor?.observe(values);
    };
  };

  const startGeneric = (): ((record: CsvRecord) => void) => {
    const header = genericHeader(pending.slice(0, HEADER_SEARCH_ROWS));
    if (!header) return () => {};
    result.headerRow = header.line;
    // A file of no known ledger is not the center's: its dates are not bounded by the center's calendar.
    const profilers = header.fields.map((label) => new ColumnProfiler(label, null, null, {}));
    const samples: string[][] = header.fields.map(() => []);
    finish = () => {
      result.columns = profilers.map((p, i) => (p.kind === null && samples[i]!.length < 50 ? reprofile(p, samples[i]!) : p.result()));
    };
    let seenHeader = false;
    return (record) => {
      if (!seenHeader) {
        seenHeader = record.line === header.line;
        return;
      }
      if (record.fields.every((f) => f.trim() === '')) return;
      result.rows++;
      record.fields.forEach((value, i) => {
        const profiler = profilers[i];
        if (!profiler) return;
        // The first 50 values decide a column's kind; they are then profiled as such.
        if (profiler.kind === null && samples[i]!.length < 50) {
          samples[i]!.push(value);
          if (samples[i]!.length === 50) {
            profiler.kind = guessKind(samples[i]!);
            profiler.reader = readerOf({ kind: profiler.kind ?? undefined });
          }
        }
        profiler.add(value);
      });
    };
  };

  try {
    result.bytes = statSync(file).size;
    if (result.bytes === 0) throw new EtlError('FILE_EMPTY', 'the file is empty (0 bytes)', { place: { file } });
    await pipeline(createReadStream(file), decode, parse, async function (batches: AsyncIterable<CsvRecord[]>) {
      for await (const batch of batches) {
        for (const record of batch) {
          if (handle) handle(record);
          else {
            pending.push(record);
            if (pending.length >= HEADER_SEARCH_ROWS) start();
          }
        }
      }
      if (!handle) start();
    });
    finish();
  } catch (error) {
    if (!(error instanceof EtlError)) throw error;
    result.error = { code: error.code, message: error.toOneLine() };
  }
  const verdict: EncodingVerdict | undefined = decode.verdict;
  result.encoding = verdict?.encoding ?? null;
  result.encodingEvidence = verdict?.evidence ?? null;
  result.lineEndings = lineEndingsOf(parse.parser.lineEndings);
  return result;
}

/** A short column (< 50 values) gets its kind guessed from all its values at the end. */
function reprofile(profiler: ColumnProfiler, values: readonly string[]): ColumnProfile {
  const kind = guessKind(values);
  if (kind === null) return profiler.result();
  const fresh = new ColumnProfiler(profiler.label, profiler.key, kind, profiler.bounds, readerOf({ kind }));
  for (const v of values) fresh.add(v);
  return fresh.result();
}
