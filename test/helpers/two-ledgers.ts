// Two customer ledgers of the same people for the fault tests: A, and B with every third note edited,
// so loading one over the other updates about a third of the customers (a half-done load would show).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateLargeCustomers } from '../../samples/generator/cli.ts';
import { csvRow } from '../../samples/generator/write-csv.ts';

export type Ledger = 'A' | 'B';

export async function writeTwoLedgers(dir: string, rows: number, seed: number): Promise<Record<Ledger, string>> {
  const files = { A: join(dir, 'A.csv'), B: join(dir, 'B.csv') };
  await generateLargeCustomers(files.A, rows, 'utf-8-bom', seed);
  const [header, ...records] = parse(readFileSync(files.A), { bom: true, relax_column_count: true }) as string[][];
  const notes = header!.indexOf('비고');
  const edited = records.map((r, i) => (i % 3 === 0 ? r.map((c, k) => (k === notes ? `${c} (메모 수정)` : c)) : r));
  writeFileSync(files.B, `\ufeff${[header!, ...edited].map(csvRow).join('\r\n')}\r\n`);
  return files;
}

export const other = (ledger: Ledger): Ledger => (ledger === 'A' ? 'B' : 'A');
