// `npm run inspect -- PATH...`: every CSV under the paths, the customer master first (other ledgers'
// references are checked against the customers it will create), each file profiled and checked, and per
// source what a load of all its files would do.

import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EtlError } from '../errors.ts';
import type { EncodingChoice } from '../read/decode.ts';
import { CENTER_OPENED } from '../center.ts';
import type { InspectContext, MergePrediction, MergePredictor, SourceDefinition } from '../source.ts';
import { todayInSeoul } from '../../transforms/parse-date.ts';
import { checklist, predictionChecks } from './checklist.ts';
import { inspectFile, type Check, type FileInspection } from './inspect-file.ts';
import { detectSource } from '../detect-source.ts';
import { readHeadRecords } from '../read/read-head.ts';

export function listCsvFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (cause) {
      throw new EtlError('FILE_NOT_FOUND', 'no such file or folder', { place: { file: path }, hint: 'check the path', cause });
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort((a, b) => a.localeCompare(b, 'ko'))) {
        const child = join(path, entry);
        if (statSync(child).isDirectory() || entry.toLowerCase().endsWith('.csv')) walk(child);
      }
    } else files.push(path);
  };
  for (const p of paths) walk(resolve(p));
  return files;
}

export interface InspectOptions {
  sources: readonly SourceDefinition[];
  encoding?: EncodingChoice;
  now?: Date;
}

/** What loading all the inspected files would do, per source. */
export interface SourcePrediction extends MergePrediction {
  source: string;
  files: string[];
  rows: number;
  rejected: number;
  skipped: number;
  checks: Check[];
}

export interface Inspection {
  files: FileInspection[];
  sources: SourcePrediction[];
}

export async function inspectPaths(paths: readonly string[], options: InspectOptions): Promise<Inspection> {
  const files = listCsvFiles(paths);
  const run = { runId: 'inspect', today: todayInSeoul(options.now), earliest: CENTER_OPENED };
  const context: InspectContext = { customers: null };
  // A load reads one file of a file source (each master file is its own prediction) and every file of a
  // folder source together (the payment ledger repeats the monthly sheets' rows).
  const predictors = new Map<string, { source: SourceDefinition; predictor: MergePredictor; files: FileInspection[] }>();
  const keyOf = (source: SourceDefinition, file: string) => (source.input.kind === 'file' ? `${source.name}\u0000${file}` : source.name);
  const results = new Map<string, FileInspection>();
  // Customer masters first, whatever they are called: the other ledgers are matched against the customers they will create.
  const masters = new Set<string>();
  for (const file of files) if ((await sourceOf(file, options)) === 'customers') masters.add(file);
  const ordered = [...files.filter((f) => masters.has(f)), ...files.filter((f) => !masters.has(f))];
  for (const file of ordered) {
    const predictorFor = (source: SourceDefinition): MergePredictor | null => {
      if (!source.predict) return null;
      const key = keyOf(source, file);
      if (!predictors.has(key)) predictors.set(key, { source, predictor: source.predict(context), files: [] });
      return predictors.get(key)!.predictor;
    };
    const result = await inspectFile(file, { encoding: options.encoding, sources: options.sources, run, predictorFor });
    results.set(file, result);
    const entry = result.source ? predictors.get(keyOf(options.sources.find((s) => s.name === result.source)!, file)) : undefined;
    entry?.files.push(result);
    // The first customer master read is the one the other ledgers are matched against.
    if (!context.customers && result.source === 'customers' && entry?.predictor.directory) context.customers = entry.predictor.directory();
  }
  const inspected = files.map((f) => {
    const r = results.get(f)!;
    r.checks = checklist(r);
    return r;
  });
  const sources: SourcePrediction[] = [];
  for (const { source, predictor, files: own } of predictors.values()) {
    if (own.length === 0) continue;
    const prediction = predictor.finish();
    const sum = (pick: (o: NonNullable<FileInspection['outcomes']>) => number) => own.reduce((n, f) => n + pick(f.outcomes!), 0);
    const summary = { source: source.name, files: own.map((f) => f.file), rows: sum((o) => o.rowsRead), rejected: sum((o) => o.rejected), skipped: sum((o) => o.skipped), ...prediction };
    sources.push({ ...summary, checks: predictionChecks(summary, context.customers !== null) });
  }
  const order = (p: SourcePrediction) => options.sources.findIndex((s) => s.name === p.source);
  sources.sort((a, b) => order(a) - order(b) || a.files[0]!.localeCompare(b.files[0]!));
  return { files: inspected, sources };
}

/** The source a file's header names (as pipeline:all places it), or null; a file that cannot be read is no source. */
async function sourceOf(file: string, options: InspectOptions): Promise<string | null> {
  try {
    return detectSource(await readHeadRecords(file, options.encoding), options.sources, file)?.source.name ?? null;
  } catch (error) {
    if (error instanceof EtlError) return null;
    throw error;
  }
}

/** The files and source predictions with a fail-level check: what a load of these files would refuse. */
export function failures(inspection: Inspection): (FileInspection | SourcePrediction)[] {
  return [...inspection.files, ...inspection.sources].filter((r) => r.checks.some((c) => c.level === 'fail'));
}

export function failed(inspection: Inspection): boolean {
  return failures(inspection).length > 0;
}
