// The oracle for sample sheets: a file read by another parser (csv-parse, iconv-lite), as records with
// the physical line each starts on, so tests derive expectations without the pipeline's own code.

import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export interface SampleRecord {
  line: number;
  cells: string[];
}

/** UTF-8 when the file starts with a byte-order mark, CP949 otherwise (how the samples are written). */
export function readSampleCsv(path: string): SampleRecord[] {
  const bytes = readFileSync(path);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bom ? bytes.subarray(3).toString('utf8') : iconv.decode(bytes, 'cp949');
  const parsed = parse(text, { info: true, relax_column_count: true }) as unknown as { record: string[]; info: { lines: number } }[];
  let previousEnd = 0;
  return parsed.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { line, cells: record };
  });
}

export interface SampleSheet {
  file: string;
  name: string;
  header: SampleRecord;
  rows: SampleRecord[];
  /** The cell of a row under the first header label that `matches`. */
  cell(row: SampleRecord, matches: (label: string) => boolean): string;
}

/** The sheet below its header: the first record whose cells include every one of `labels` (trimmed). */
export function readSampleSheet(path: string, labels: readonly string[]): SampleSheet {
  const records = readSampleCsv(path);
  const at = records.findIndex((r) => labels.every((l) => r.cells.some((c) => c.trim() === l)));
  if (at < 0) throw new Error(`no header with ${labels.join(', ')} in ${path}`);
  const header = records[at]!;
  return {
    file: path,
    name: basename(path),
    header,
    rows: records.slice(at + 1),
    cell: (row, matches) => {
      const i = header.cells.findIndex((label) => matches(label.replace(/\s+/g, '')));
      return i < 0 ? '' : (row.cells[i] ?? '');
    },
  };
}

export function csvFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(dir, f));
}

export const isBlankRecord = (r: SampleRecord) => r.cells.every((c) => c.trim() === '');
