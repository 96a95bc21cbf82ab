// Loads one source inside the run's open transaction: every input file is streamed
// read → decode → parse → rows → COPY into the source's staging table, then the source's merge SQL moves
// staging into the final tables. Counts are checked to add up before the run may commit.

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { EtlError } from './errors.ts';
import { databaseError, isDatabaseFailure, runSqlFile, step } from './database.ts';
import { checkReadable, fileError, isFileError } from './read/input-file.ts';
import { DecodeStream, type EncodingChoice, type EncodingVerdict } from './read/decode.ts';
import { CsvParseStream } from './read/parse-csv.ts';
import { RowStage, emptyCounters, type RowCounters } from './row-stage.ts';
import type { QueryFn, RunContext, SourceDefinition } from './source.ts';
import { createCopySink, quoteIdentifier } from '../sinks/copy-sink.ts';
import { IssueSink, type IssueSummary } from '../sinks/issue-sink.ts';
import type { ProgressEvent } from '../sinks/progress.ts';

export interface RejectBudget {
  /** Most rejected rows a source may have; more stops the run. */
  maxRejects: number;
  /** Largest share of rejected rows (0–1) a source may have. */
  maxRejectRatio: number;
}

export const DEFAULT_BUDGET: RejectBudget = { maxRejects: Number.POSITIVE_INFINITY, maxRejectRatio: 0.1 };

export interface FileReport {
  file: string;
  bytes: number;
  encoding: EncodingVerdict | null;
  headerLine: number | null;
  preambleRows: number;
  unmappedColumns: string[];
  absentColumns: string[];
  rows: number;
  /** Of those rows, how many reached staging. */
  staged: number;
}

export interface SourceReport extends RowCounters {
  source: string;
  files: FileReport[];
  /** The merge's row outcomes (inserted, updated, unchanged, duplicates …) and any other counters. */
  merge: Record<string, number>;
  rejects: IssueSummary;
  warningsDetail: IssueSummary;
  details: Record<string, unknown>;
  seconds: number;
  /** Where the time went: streaming files into staging, and the merge SQL. */
  phases: { streamSeconds: number; mergeSeconds: number };
}

export interface LoadSourceOptions {
  client: ClientBase;
  source: SourceDefinition;
  files: readonly string[];
  run: RunContext;
  reportDir: string;
  encoding: EncodingChoice;
  budget: RejectBudget;
  /** Let a file loaded before that now stages no row replace (delete) what it held (`--allow-emptied`). */
  allowEmptied?: boolean;
  /** Called as bytes and rows go by, for progress display. */
  onProgress?: (progress: ProgressEvent & { done: boolean }) => void;
}

export async function loadSource(options: LoadSourceOptions): Promise<SourceReport> {
  const { client, source, run, budget } = options;
  const started = performance.now();
  const counters = emptyCounters();
  const rejects = new IssueSink(options.reportDir, run.runId, source.name, 'reject');
  const warnings = new IssueSink(options.reportDir, run.runId, source.name, 'warning');
  const mapRow = source.createRowMapper(run);
  const files: FileReport[] = [];
  try {
    await step(`emptying ${source.staging.table}`, () => client.query(`TRUNCATE ${quoteIdentifier(source.staging.table)}`));
    for (const file of options.files) {
      files.push(await loadFile(options, file, counters, mapRow, rejects, warnings));
    }
    const streamed = performance.now();
    checkBudget(counters, budget, rejects, source.name, true);
    if (source.rowsByFile && !options.allowEmptied) await refuseEmptiedFiles(client, source, files);
    await step('writing rejects', () => rejects.finish(client));
    await step('writing warnings', () => warnings.finish(client));
    const mergeStarted = performance.now();
    const merge = await runMerge(client, source, files);
    const merged = performance.now();
    const accounted = source.mergeOutcomes.reduce((sum, key) => sum + (merge[key] ?? 0), 0) + counters.rejected + counters.skipped;
    if (accounted !== counters.rowsRead) {
      throw new Error(
        `${source.name}: counts do not add up: ${counters.rowsRead} rows read but ${source.mergeOutcomes.map((k) => `${k} ${merge[k] ?? 0}`).join(' + ')} + rejected ${counters.rejected} + skipped ${counters.skipped} = ${accounted}`,
      );
    }
    const query: QueryFn = async (sql, params) => (await client.query(sql, params)).rows;
    const details = capDetails(source.describe ? await step(`describing ${source.name}`, () => source.describe!(query, run.runId)) : {});
    return {
      source: source.name,
      files,
      ...counters,
      merge,
      rejects: rejects.summary,
      warningsDetail: warnings.summary,
      details,
      seconds: (performance.now() - started) / 1000,
      phases: { streamSeconds: (streamed - started) / 1000, mergeSeconds: (merged - mergeStarted) / 1000 },
    };
  } catch (error) {
    rejects.discard();
    warnings.discard();
    throw error;
  }
}

/** Rows of a detail list a report keeps (duplicate groups, shared phones …); the rest are counted. */
export const REPORT_DETAIL_ROWS = 200;

/**
 * A million-row ledger can have tens of thousands of duplicate groups: the report (JSON and HTML) keeps
 * the first REPORT_DETAIL_ROWS of each list and says how many there were (`duplicateGroupsTotal`).
 */
export function capDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (Array.isArray(value) && value.length > REPORT_DETAIL_ROWS) {
      out[key] = value.slice(0, REPORT_DETAIL_ROWS);
      out[`${key}Total`] = value.length;
    } else out[key] = value;
  }
  return out;
}

async function loadFile(
  options: LoadSourceOptions,
  file: string,
  counters: RowCounters,
  mapRow: ReturnType<SourceDefinition['createRowMapper']>,
  rejects: IssueSink,
  warnings: IssueSink,
): Promise<FileReport> {
  const { client, source, budget } = options;
  const bytes = checkReadable(file);
  const decode = new DecodeStream({ file, encoding: options.encoding });
  const parse = new CsvParseStream(file);
  const rowsBefore = counters.rowsRead;
  const stagedBefore = counters.staged;
  const rows = new RowStage({
    source,
    file,
    name: basename(file),
    mapRow,
    counters,
    onReject: (issue) => {
      rejects.add(issue);
      checkBudget(counters, budget, rejects, source.name, false);
    },
    onWarning: (issue) => warnings.add(issue),
  });
  if (options.onProgress) {
    const report = (done: boolean) => options.onProgress!({ source: source.name, file, bytesRead: decode.bytesRead, bytesTotal: bytes, rowsRead: counters.rowsRead, done });
    rows.on('data', () => report(false));
    rows.on('end', () => report(true));
  }
  const copy = createCopySink(client, source.staging.table, source.staging.columns);
  try {
    await pipeline(createReadStream(file), decode, parse, rows, copy);
  } catch (error) {
    if (error instanceof EtlError) throw error;
    if (isFileError(error, file)) throw fileError(error, file);
    if (isDatabaseFailure(error)) throw databaseError(error, `the COPY of ${basename(file)} into ${source.staging.table}`);
    throw error; // a bug in a row function or stage: surfaces with its stack
  }
  return {
    file,
    bytes,
    encoding: decode.verdict ?? null,
    headerLine: rows.header?.line ?? null,
    preambleRows: rows.preambleRecords,
    unmappedColumns: rows.header?.unmapped ?? [],
    absentColumns: rows.header?.absent ?? [],
    rows: counters.rowsRead - rowsBefore,
    staged: counters.staged - stagedBefore,
  };
}

/**
 * A file loaded before whose every row is now skipped would have its rows deleted by the merge (a reload
 * replaces what the file held). Refused unless the run allows it: `2025년6월.csv` with a blank 성함 column,
 * or read with the wrong layout, must not wipe June.
 */
async function refuseEmptiedFiles(client: ClientBase, source: SourceDefinition, files: readonly FileReport[]): Promise<void> {
  const { table, column, noun } = source.rowsByFile!;
  for (const file of files.filter((f) => f.staged === 0)) {
    const name = basename(file.file);
    const { rows } = await step(`counting the ${noun} loaded from ${name}`, () =>
      client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdentifier(table)} WHERE ${quoteIdentifier(column)} = $1`, [name]),
    );
    const held = rows[0]!.n;
    if (held === 0) continue;
    const read = file.rows === 1 ? '1 row read' : `${file.rows} rows read`;
    throw new EtlError('FILE_EMPTIED', `no ${noun} in this sheet now (${read}, every one skipped or rejected), but ${held} ${noun} were loaded from it before; reloading it would delete them, so nothing was loaded`, {
      place: { file: file.file },
      hint: `if the sheet really is empty now, rerun with --allow-emptied to delete its ${noun}; otherwise look at why none of its rows loads (npm run inspect -- "${file.file}")`,
    });
  }
}

/** More than the budget's share of a source's rows rejected (what stops a load, and what inspect predicts). */
export function overRejectRatio(counters: { rowsRead: number; rejected: number }, budget: RejectBudget): boolean {
  return counters.rowsRead > 0 && counters.rejected / counters.rowsRead > budget.maxRejectRatio;
}

function checkBudget(counters: RowCounters, budget: RejectBudget, rejects: IssueSink, source: string, atEnd: boolean): void {
  const overCount = counters.rejected > budget.maxRejects;
  const overRatio = atEnd && overRejectRatio(counters, budget);
  if (!overCount && !overRatio) return;
  const first = rejects.first
    .slice(0, 3)
    .map((r) => `${basename(r.file)} line ${r.line} ${r.code}${r.column ? ` (${r.column})` : ''}`)
    .join('; ');
  const what = overCount
    ? `stopped at ${counters.rejected} rejected rows, more than --max-rejects ${budget.maxRejects}`
    : `${counters.rejected} of ${counters.rowsRead} rows rejected (${((counters.rejected / counters.rowsRead) * 100).toFixed(1)}%), more than --max-reject-ratio ${budget.maxRejectRatio}`;
  throw new EtlError('REJECT_BUDGET_EXCEEDED', `${source}: ${what}; nothing was loaded (first: ${first})`, {
    hint: `look at ${rejects.summary.file ?? 'the rejects file'} for every rejected row; raise --max-rejects / --max-reject-ratio if they are expected`,
  });
}

async function runMerge(client: ClientBase, source: SourceDefinition, files: readonly FileReport[]): Promise<Record<string, number>> {
  // Every file read, for the merges that replace a reloaded sheet's rows (etl.loaded_files(), migration
  // 0504): a sheet whose every row was skipped stages nothing, yet its old rows must go.
  const names = JSON.stringify(files.map((f) => basename(f.file)));
  await step('naming the loaded files', () => client.query(`SELECT set_config('etl.loaded_files', $1, true)`, [names]));
  let counters: Record<string, number> = {};
  for (const path of source.mergeSql) counters = { ...counters, ...(await runSqlFile(client, path, `the ${source.name} merge (${basename(path)})`)) };
  return counters;
}
