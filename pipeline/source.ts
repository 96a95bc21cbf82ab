// What a source is: its columns, the staging table its rows land in, the function that turns a raw row
// into a staging row (or a reject, or a skip), and the SQL that merges staging into the final tables.
// The runner (run-source.ts) does everything else the same way for every source.

import type { ColumnSpec } from './read/header.ts';
import type { CopyValue } from '../sinks/copy-text.ts';

/** A row as read: values keyed by column, all strings, with its place in the file. */
export interface RawRow<K extends string = string> {
  line: number;
  raw: string;
  values: Partial<Record<K, string>>;
}

export interface RowIssue {
  code: string;
  column?: string;
  value?: string;
  /** One sentence a person can act on. */
  reason: string;
}

/** One row's fate. A row function never throws for bad data: it returns one of these. */
export type RowOutcome =
  | { kind: 'stage'; values: readonly CopyValue[]; warnings?: RowIssue[] }
  | { kind: 'stage-many'; rows: readonly (readonly CopyValue[])[]; warnings?: RowIssue[] }
  | { kind: 'reject'; issue: RowIssue; warnings?: RowIssue[] }
  | { kind: 'skip'; reason: string; warnings?: RowIssue[] };

/** What a row function knows about the file it is reading. */
export interface FileContext {
  file: string;
  /** The file's base name, e.g. `2024년7월_고객이용현황.csv`, which may carry the sheet's month. */
  name: string;
  header: { line: number; labels: string[]; keys: (string | null)[] };
  /** The records above the header (title cells such as `25년도 매출`, blank rows), as read. */
  preamble: readonly (readonly string[])[];
}

export interface RunContext {
  runId: string;
  /** ISO date of the run in Asia/Seoul: dates after it are in the future. */
  today: string;
  /** ISO date before which no ledger event can be (the center's opening). */
  earliest: string;
  /**
   * The character limits of the final tables' VARCHAR columns as the database has them, keyed
   * `customers.name`: the center's own customers table may hold 50 where the plan says 100.
   * Absent (inspect, which has no database): the plan's.
   */
  columnLimits?: Readonly<Record<string, number>>;
}

export interface SourceDefinition<K extends string = string> {
  name: string;
  title: string;
  /** Where the source's input lives under the input folder: one file, or a folder of monthly files. */
  input: { kind: 'file'; file: string } | { kind: 'dir'; dir: string };
  columns: readonly ColumnSpec<K>[];
  staging: { table: string; columns: readonly string[] };
  /** Makes the row function for one run; state (fill-down, seen numbers) lives in the closure. */
  createRowMapper(run: RunContext): (row: RawRow<K>, file: FileContext) => RowOutcome;
  /** SQL files beside the source, run in order after staging is filled; the last returns the counters. */
  mergeSql: readonly string[];
  /**
   * Counters that are row outcomes of the merge; with `rejected` and `skipped` they must add up to
   * rowsRead, or the run fails. (e.g. customers: inserted + updated + unchanged + duplicates.)
   */
  mergeOutcomes: readonly string[];
  /**
   * Where the rows a reload of one of this source's files replaces live, by file name (sessions, payments).
   * A file that held rows there and now stages none is refused unless the run allows it (`--allow-emptied`):
   * a sheet whose every row is skipped is more often misread than really emptied.
   */
  rowsByFile?: { table: string; column: string; noun: string };
  /** Optional extra facts for the report, read after the merge (duplicate groups, shared phones …). */
  describe?: (query: QueryFn, runId: string) => Promise<Record<string, unknown>>;
  /**
   * For `inspect`, which has no database: what the merge will do with the staged rows, on an empty
   * database. The tests hold each prediction to what the load then reports.
   */
  predict?: (context: InspectContext) => MergePredictor;
}

/** The customers a folder's master ledger will create, as other sources' predictions match them. */
export interface CustomerDirectory {
  byPhone: Map<string, number[]>;
  byNameKey: Map<string, number[]>;
  facts: Map<number, { phone: string | null; birthYear: number | null; region: string | null; firstVisit: string | null }>;
}

export interface InspectContext {
  /** Null when the inspected paths hold no customer master. */
  customers: CustomerDirectory | null;
}

export interface MergePrediction {
  /** Rows that will become (or stay) a row of a final table. */
  loaded: number;
  /** Rows folded into another row (duplicates). */
  merged: number;
  /** Rows that will go to the review list. */
  review: number;
  reviewByReason: Record<string, number>;
  details?: Record<string, unknown>;
}

export interface MergePredictor {
  observe(values: readonly CopyValue[]): void;
  finish(): MergePrediction;
  /** Only the customers source: the directory other sources match against. */
  directory?: () => CustomerDirectory;
}

export type QueryFn = <T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
