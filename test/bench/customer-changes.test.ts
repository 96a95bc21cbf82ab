// The cost benchmark's customer changes (bench/customer-changes.ts) must be what they say: the unchanged
// ledger byte for byte the one the database was first loaded from, changed rows the same customers (번호,
// name, phone) with only 비고 different, new rows numbered after the last 번호.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { splitChange, writeCustomerChange } from '../../bench/customer-changes.ts';
import { generateLargeCustomers } from '../../samples/generator/cli.ts';
import { tempDir } from '../helpers/load.ts';

const ROWS = 20_000; // more than two of the generator's blocks of 9,500
const SEED = 5;

function rowsOf(file: string): string[][] {
  return (parse(iconv.decode(readFileSync(file), 'cp949')) as string[][]).slice(1);
}

describe('customer changes for the cost benchmark', () => {
  const dir = tempDir('aibio-changes-');

  it('regenerates the unchanged ledger byte for byte', async () => {
    await generateLargeCustomers(join(dir, 'base.csv'), ROWS, 'cp949', SEED);
    await writeCustomerChange(join(dir, 'same.csv'), { rows: ROWS, seed: SEED, change: { changed: 0, added: 0 }, shape: 'ledger' });
    expect(readFileSync(join(dir, 'same.csv')).equals(readFileSync(join(dir, 'base.csv')))).toBe(true);
  });

  it('changes only 비고 of existing customers, and numbers new ones after the last 번호', async () => {
    const change = splitChange(1000, ROWS);
    expect(change).toEqual({ changed: 500, added: 500 });
    await writeCustomerChange(join(dir, 'changes.csv'), { rows: ROWS, seed: SEED, change, shape: 'changes' });
    await writeCustomerChange(join(dir, 'ledger.csv'), { rows: ROWS, seed: SEED, change, shape: 'ledger' });
    const base = new Map(rowsOf(join(dir, 'base.csv')).map((r) => [r[0]!, r]));
    const lastNumber = Math.max(...[...base.keys()].map(Number));
    const changes = rowsOf(join(dir, 'changes.csv'));
    expect(changes).toHaveLength(1000);
    const edited = changes.filter((r) => base.has(r[0]!));
    expect(edited).toHaveLength(500);
    for (const row of edited) {
      const before = base.get(row[0]!)!;
      expect(row[10]).not.toBe(before[10]);
      expect([...row.slice(0, 10), row[11]]).toEqual([...before.slice(0, 10), before[11]]);
    }
    // Spread over the whole ledger, not bunched at its start.
    expect(Math.max(...edited.map((r) => Number(r[0])))).toBeGreaterThan(lastNumber * 0.9);
    expect(changes.filter((r) => !base.has(r[0]!)).every((r) => Number(r[0]) > lastNumber)).toBe(true);
    // The whole-ledger shape: every base row, the edited ones as in the changes file, then the new ones.
    const ledger = rowsOf(join(dir, 'ledger.csv'));
    expect(ledger).toHaveLength(ROWS + 500);
    const byNumber = new Map(changes.map((r) => [r[0]!, r]));
    for (const row of ledger) expect(row).toEqual(byNumber.get(row[0]!) ?? base.get(row[0]!));
  });
});
