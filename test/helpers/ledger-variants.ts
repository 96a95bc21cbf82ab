// A changed copy of the sample customer ledger, for runs that must change the tables: some notes
// rewritten (updates) and some new ledger numbers (inserts), invented people only.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sampleCustomers } from '../../samples/generator/cli.ts';
import { CUSTOMER_HEADER } from '../../samples/generator/customers.ts';
import { writeSample } from '../../samples/generator/write-csv.ts';

export const LEDGER_FILE = '고객관리대장_전체고객.csv';

/**
 * Writes DIR/고객관리대장_전체고객.csv; returns its path. `sameAs: [a, b]` gives 번호 b the name and phone of
 * 번호 a: noticed as one person, b is merged into a (and a customer loaded earlier as b is absorbed).
 */
export function writeChangedLedger(dir: string, options: { notesChanged: number; added: number; sameAs?: [number, number] }): string {
  const notes = CUSTOMER_HEADER.indexOf('비고');
  const [name, phone] = [CUSTOMER_HEADER.indexOf('이름'), CUSTOMER_HEADER.indexOf('연락처')];
  const samples = sampleCustomers();
  const original = options.sameAs && samples.find((r) => r.cells[0] === String(options.sameAs![0]))!.cells;
  const rows = samples.map((r, i) => {
    const cells = [...r.cells];
    if (i < options.notesChanged) cells[notes] = `${cells[notes] ? `${cells[notes]} ` : ''}2025-06 재방문 상담`;
    if (original && cells[0] === String(options.sameAs![1])) [cells[name], cells[phone]] = [original[name]!, original[phone]!];
    return cells;
  });
  for (let i = 1; i <= options.added; i++) {
    rows.push([String(2000 + i), `2025-05-0${(i % 9) + 1} 00:00:00`, `신규고객${i}`, `010-9999-${String(i).padStart(4, '0')}`, '서울 강서구', '당근', '', '', '', '만성피로', '', '']);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LEDGER_FILE);
  writeSample(path, [[...CUSTOMER_HEADER], ...rows], 'utf-8-bom');
  return path;
}
