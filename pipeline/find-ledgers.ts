// Which file under the input folder is which ledger, as `pipeline:all --input-dir DIR` loads them. Files
// where the project always looked keep their source (`고객관리대장_전체고객.csv` at the top, every CSV of
// `이용현황/` and `결제현황/`); any other CSV is placed by its header and layout, as `inspect` places it, so
// `고객관리대장(전체) 2025.12.csv`, `유입고객 DB 리스트.csv` or usage sheets in `월별 이용현황/` load too.
//
// A one-file ledger (customers, leads, kits, the yearly summary) is taken from the top of the folder only:
// a copy in a subfolder (samples/variants/) is listed, not loaded. Two files that are the same one-file
// ledger, or two monthly sheets with the same file name (the name is the sheet's month and what a reload
// replaces), stop the run with both names. A CSV that is no ledger, or cannot be read, is listed with why.

import { basename, dirname, relative, sep } from 'node:path';
import { EtlError } from './errors.ts';
import { detectSource } from './detect-source.ts';
import { listCsvFiles } from './inspect/inspect.ts';
import type { EncodingChoice } from './read/decode.ts';
import { HEADER_SEARCH_ROWS } from './read/header.ts';
import { readHeadRecords } from './read/read-head.ts';
import type { SourceDefinition } from './source.ts';

export interface UnplacedFile {
  /** Relative to the input folder: `variants/고객관리대장_전체고객_원본시트.csv`. */
  file: string;
  reason: string;
}

export interface FoundLedgers {
  /** Files per source name, in load order (monthly sheets by file name, in Korean collation). */
  inputs: Map<string, string[]>;
  /** How each file was placed: by its name where the project always looked, or by its header. */
  placedBy: Map<string, 'name' | 'header'>;
  unplaced: UnplacedFile[];
  /** Per source, an error that stops a run loading it: two files claiming the same one-file ledger. */
  conflicts: Map<string, EtlError>;
}

export async function findLedgers(inputDir: string, sources: readonly SourceDefinition[], encoding: EncodingChoice = 'auto'): Promise<FoundLedgers> {
  const claims = new Map<string, string[]>();
  const placedBy = new Map<string, 'name' | 'header'>();
  const unplaced: UnplacedFile[] = [];
  const claim = (source: SourceDefinition, file: string, how: 'name' | 'header') => {
    claims.set(source.name, [...(claims.get(source.name) ?? []), file]);
    placedBy.set(file, how);
  };
  for (const file of listCsvFiles([inputDir])) {
    const rel = relative(inputDir, file).normalize('NFC'); // macOS writes names decomposed
    const top = !rel.includes(sep);
    const named = sources.find((s) => (s.input.kind === 'file' ? top && rel === s.input.file : dirname(rel) === s.input.dir));
    if (named) {
      claim(named, file, 'name');
      continue;
    }
    let source: SourceDefinition | undefined;
    try {
      source = detectSource(await readHeadRecords(file, encoding), sources, file)?.source;
    } catch (error) {
      if (!(error instanceof EtlError)) throw error;
      unplaced.push({ file: rel, reason: `cannot be read: ${error.toOneLine()}` });
      continue;
    }
    if (!source) unplaced.push({ file: rel, reason: `no ledger's header in its first ${HEADER_SEARCH_ROWS} rows` });
    else if (source.input.kind === 'file' && !top) {
      unplaced.push({ file: rel, reason: `a ${source.name} ledger in a subfolder: one-file ledgers are loaded from the top of the input folder only; move it there (and the other one away) to load it` });
    } else claim(source, file, 'header');
  }
  const inputs = new Map<string, string[]>();
  const conflicts = new Map<string, EtlError>();
  for (const source of sources) {
    const files = claims.get(source.name);
    if (!files) continue;
    const conflict = source.input.kind === 'file' ? twoLedgers(source, files, inputDir) : sameSheetName(source, files, inputDir);
    if (conflict) conflicts.set(source.name, conflict);
    inputs.set(source.name, source.input.kind === 'file' ? files : [...files].sort(bySheetName));
  }
  return { inputs, placedBy, unplaced, conflicts };
}

function twoLedgers(source: SourceDefinition, files: readonly string[], inputDir: string): EtlError | null {
  if (files.length < 2) return null;
  const names = files.map((f) => JSON.stringify(relative(inputDir, f))).join(' and ');
  return new EtlError('INPUT_AMBIGUOUS', `${files.length} files are each a ${source.title}: ${names}`, {
    place: { file: inputDir },
    hint: `keep one of them in the input folder, or load the one you mean with: npm run pipeline -- ${source.name} --file PATH`,
  });
}

function sameSheetName(source: SourceDefinition, files: readonly string[], inputDir: string): EtlError | null {
  const seen = new Map<string, string>();
  for (const file of files) {
    const earlier = seen.get(basename(file));
    if (earlier !== undefined) {
      return new EtlError('INPUT_AMBIGUOUS', `two ${source.name} sheets have the same file name: ${JSON.stringify(relative(inputDir, earlier))} and ${JSON.stringify(relative(inputDir, file))}`, {
        place: { file: inputDir },
        hint: "a sheet's file name is its month and what a reload replaces; rename or remove one of them",
      });
    }
    seen.set(basename(file), file);
  }
  return null;
}

/** Monthly sheets in the order a folder listing gave them before: by file name (Korean collation), then path. */
function bySheetName(a: string, b: string): number {
  return basename(a).localeCompare(basename(b), 'ko') || a.localeCompare(b, 'ko');
}
