// Finds the header row and maps its Korean labels to a source's column keys. Raw sheet dumps put a title
// cell (`(전체) 고객관리대장`), a blank row and an empty first column above the header; labels carry
// trailing spaces and line breaks (`후기제안\n\n(영상 or 카톡)`, `고객파일 `) and older names (NO/번호, 성함/이름).

import { EtlError } from '../errors.ts';
import type { CsvRecord } from './parse-csv.ts';

export interface ColumnSpec<K extends string = string> {
  key: K;
  /** Labels as the sheets write them; matched after removing whitespace, and a trailing `(…)` note. */
  labels: readonly string[];
  required?: boolean;
  /** What the cells hold, so `inspect` can profile their forms (phones, dates, money, names). */
  kind?: ColumnKind;
  /**
   * The rule the load reads the cells with, when not the kind's own (phone, date, money): `inspect` counts per
   * column the cells that rule could read only after a repair (full-width digits, a label around a phone …).
   */
  reader?: CellReader;
  /**
   * The key of a blank header cell right after this column's label: Excel writes a label merged over two
   * cells (`브레인\n(이용횟수/전체횟수)` above used `3` and total `11.0`) as the label, then an empty cell.
   */
  continuedBy?: K;
}

export const COLUMN_KINDS = ['phone', 'date', 'money', 'name', 'text'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** The parsing rules whose repairs `inspect` counts (pipeline/inspect/cell-repairs.ts). */
export const CELL_READERS = ['phone', 'date', 'money', 'number', 'age', 'marker', 'services'] as const;
export type CellReader = (typeof CELL_READERS)[number];

/** The rule a column's cells are read with: its reader, or its kind when that is a parsed one. */
export function readerOf(spec: Pick<ColumnSpec, 'kind' | 'reader'> | undefined): CellReader | null {
  if (spec?.reader) return spec.reader;
  return spec?.kind === 'phone' || spec?.kind === 'date' || spec?.kind === 'money' ? spec.kind : null;
}

export interface HeaderMatch<K extends string = string> {
  /** Index of the header among the records looked at (0-based). */
  index: number;
  line: number;
  /** Column key per field position; null for a label that maps to nothing. */
  keys: (K | null)[];
  labels: string[];
  /** Labels present in the file that map to no column. */
  unmapped: string[];
  /** Optional columns the file lacks. */
  absent: K[];
}

/** How many records may sit above the header (title, blank rows) before we give up. */
export const HEADER_SEARCH_ROWS = 20;

/** `후기제안\n\n(영상 or 카톡)` → `후기제안(영상or카톡)`: whitespace gone, NFC, lower case. */
export function normalizeLabel(label: string): string {
  return label.normalize('NFC').replace(/[\s\u00a0\ufeff]+/g, '').toLowerCase();
}

/** The label without a trailing parenthesised note: `비고(메모)` → `비고`. */
function labelStem(normalized: string): string {
  return normalized.replace(/\([^()]*\)$/, '');
}

/** Column keys per header cell: labels through the index, blank cells after a label through `continuedBy`. */
function keysForCells<K extends string>(cells: readonly string[], index: Map<string, K>, columns: readonly ColumnSpec<K>[]): (K | null)[] {
  const continuation = new Map<K, K>();
  for (const column of columns) if (column.continuedBy) continuation.set(column.key, column.continuedBy);
  const keys: (K | null)[] = [];
  let labelled: K | null = null;
  for (const cell of cells) {
    const key = keyForLabel(index, cell);
    if (key === null && labelled !== null && cell.trim() === '') keys.push(continuation.get(labelled) ?? null);
    else keys.push(key);
    labelled = key;
  }
  return keys;
}

export function buildLabelIndex<K extends string>(columns: readonly ColumnSpec<K>[]): Map<string, K> {
  const index = new Map<string, K>();
  for (const column of columns) for (const label of column.labels) index.set(normalizeLabel(label), column.key);
  return index;
}

export function keyForLabel<K extends string>(index: Map<string, K>, label: string): K | null {
  const normalized = normalizeLabel(label);
  if (normalized === '') return null;
  return index.get(normalized) ?? index.get(labelStem(normalized)) ?? null;
}

/** Scores a record as a header: the distinct column keys its cells name. */
export function matchHeader<K extends string>(record: CsvRecord, index: Map<string, K>): Set<K> {
  const found = new Set<K>();
  for (const cell of record.fields) {
    const key = keyForLabel(index, cell);
    if (key) found.add(key);
  }
  return found;
}

/**
 * The first record that names every required column is the header. Returns null when none of the
 * records does; `describeMissingHeader` turns that into the user's error.
 */
export function findHeader<K extends string>(records: readonly CsvRecord[], columns: readonly ColumnSpec<K>[], file: string): HeaderMatch<K> | null {
  const index = buildLabelIndex(columns);
  const required = columns.filter((c) => c.required).map((c) => c.key);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const found = matchHeader(record, index);
    if (found.size === 0 || !required.every((key) => found.has(key))) continue;
    const keys = keysForCells(record.fields, index, columns);
    const seen = new Map<K, string>();
    const unmapped: string[] = [];
    for (const [position, cell] of record.fields.entries()) {
      const key = keys[position]!;
      if (key === null) {
        if (cell.trim() !== '') unmapped.push(cell);
        continue;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new EtlError('CSV_HEADER_DUPLICATE', `two header cells name the same column: ${JSON.stringify(earlier)} and ${JSON.stringify(cell)}`, {
          place: { file, line: record.line },
          hint: 'rename or delete one of the two columns',
        });
      }
      seen.set(key, cell);
    }
    const absent = columns.filter((c) => !seen.has(c.key)).map((c) => c.key);
    return { index: i, line: record.line, keys, labels: record.fields, unmapped, absent };
  }
  return null;
}

/** The error for a file whose header we could not find: what is missing and what the file has. */
export function describeMissingHeader<K extends string>(records: readonly CsvRecord[], columns: readonly ColumnSpec<K>[], file: string, source: string): EtlError {
  const index = buildLabelIndex(columns);
  let best: CsvRecord | undefined;
  let bestFound = new Set<K>();
  for (const record of records) {
    const found = matchHeader(record, index);
    if (found.size > bestFound.size) {
      best = record;
      bestFound = found;
    }
  }
  const missing = columns.filter((c) => c.required && !bestFound.has(c.key)).map((c) => c.labels[0]);
  const seen = (best ?? records.find((r) => r.fields.some((f) => f.trim() !== '')))?.fields.filter((f) => f.trim() !== '') ?? [];
  return new EtlError('CSV_HEADER_MISSING', `no header row with the ${source} columns: missing ${missing.join(', ')}; found ${seen.length ? seen.map((s) => JSON.stringify(s)).join(', ') : 'no labels'}`, {
    place: { file, line: best?.line },
    hint: `the ${source} file needs the columns ${columns.filter((c) => c.required).map((c) => c.labels[0]).join(', ')} in its first ${HEADER_SEARCH_ROWS} rows; check that this is the right file`,
  });
}
