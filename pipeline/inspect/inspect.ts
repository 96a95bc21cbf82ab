// `npm run inspect -- PATH...`: every CSV under the paths, the customer master first (other ledgers'
// references are checked against the customers it will create), each file profiled and checked.

import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EtlError } from '../errors.ts';
import type { EncodingChoice } from '../read/decode.ts';
import { CENTER_OPENED } from '../center.ts';
import type { InspectContext, SourceDefinition } from '../source.ts';
import { todayInSeoul } from '../../transforms/parse-date.ts';
import { checklist } from './checklist.ts';
import { inspectFile, type FileInspection } from './inspect-file.ts';

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

export async function inspectPaths(paths: readonly string[], options: InspectOptions): Promise<FileInspection[]> {
  const files = listCsvFiles(paths);
  const run = { runId: 'inspect', today: todayInSeoul(options.now), earliest: CENTER_OPENED };
  const context: InspectContext = { customers: null };
  const results = new Map<string, FileInspection>();
  // Customer masters first, so the other ledgers can be matched against the customers they create.
  const customersSource = options.sources.find((s) => s.name === 'customers');
  const masters = files.filter((f) => customersSource?.input.kind === 'file' && f.endsWith(customersSource.input.file));
  for (const file of [...masters, ...files.filter((f) => !masters.includes(f))]) {
    const result = await inspectFile(file, { encoding: options.encoding, sources: options.sources, run, context });
    if (result.source === 'customers' && result.predictor?.directory && !context.customers) context.customers = result.predictor.directory();
    results.set(file, result);
  }
  const hasMaster = context.customers !== null;
  return files.map((f) => {
    const r = results.get(f)!;
    r.checks = checklist(r, hasMaster);
    delete r.predictor;
    return r;
  });
}

export function failed(results: readonly FileInspection[]): boolean {
  return results.some((r) => r.checks.some((c) => c.level === 'fail'));
}
