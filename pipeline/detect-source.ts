// Which ledger a CSV is, from its header: the source whose columns the header names best (ties go to the
// source whose file or folder name it has). `inspect` profiles a file as that source, and `pipeline:all`
// finds each ledger in a folder by it, whatever the file is called (`고객관리대장(전체) 2025.12.csv`).

import { basename } from 'node:path';
import { findHeader, type HeaderMatch } from './read/header.ts';
import type { CsvRecord } from './read/parse-csv.ts';
import type { SourceDefinition } from './source.ts';

export function detectSource(records: readonly CsvRecord[], sources: readonly SourceDefinition[], file: string): { source: SourceDefinition; header: HeaderMatch } | null {
  let best: { source: SourceDefinition; header: HeaderMatch; score: number } | null = null;
  for (const source of sources) {
    const header = findHeader(records, source.columns, file);
    if (!header) continue;
    const named = source.input.kind === 'file' ? basename(file) === source.input.file : file.includes(`/${source.input.dir}/`);
    const score = header.keys.filter(Boolean).length * 2 + (named ? 1 : 0);
    if (!best || score > best.score) best = { source, header, score };
  }
  return best;
}
