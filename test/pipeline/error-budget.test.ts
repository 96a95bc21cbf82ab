// The acceptance case: 1,000 broken rows among 10,000 good ones. Within the error budget the
// 10,000 load and each of the 1,000 is rejected with its line and reason, and the counts reconcile; past
// the budget nothing is loaded and one line says why, naming the first rejects.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, snapshotTable, type TestDatabase } from '../helpers/db.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/load.ts';
import { generateLargeCustomers } from '../../samples/generator/cli.ts';
import { Random } from '../../samples/generator/random.ts';
import { csvRow } from '../../samples/generator/write-csv.ts';

const GOOD = 10_000;
const BROKEN = 1_000;

interface Broken {
  cells: string[];
  code: string;
}

/** Six ways a row can be broken; `earlier` is a ledger number used by a good row above this one. */
const BREAKERS: ((n: number, earlier: string, template: string[]) => Broken)[] = [
  (_n, _e, t) => ({ cells: ['', ...t.slice(1)], code: 'LEDGER_NUMBER_MISSING' }),
  (n, _e, t) => ({ cells: [String(n), t[1]!, '', ...t.slice(3)], code: 'NAME_MISSING' }),
  (n, _e, t) => ({ cells: [String(n), ...t.slice(1), '남는칸'], code: 'CSV_TOO_MANY_FIELDS' }),
  (n, _e, t) => ({ cells: [String(n), t[1]!, `널\u0000문자`, ...t.slice(3)], code: 'NUL_BYTE' }),
  (n, _e, t) => ({ cells: [`${n}번`, ...t.slice(1)], code: 'LEDGER_NUMBER_INVALID' }),
  (_n, earlier, t) => ({ cells: [earlier, ...t.slice(1)], code: 'LEDGER_NUMBER_DUPLICATE' }),
];

/** Physical lines a written record takes: 1 plus the line breaks inside its quoted cells. */
function linesOf(cells: readonly string[]): number {
  return 1 + cells.reduce((sum, c) => sum + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

describe('the error budget on 1,000 broken rows among 10,000 good ones', () => {
  let db: TestDatabase;
  let file: string;
  let goodNumbers: number[];
  let expectedRejects: { line: number; code: string; raw: string }[];
  let before: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const dir = tempDir();
    const generated = join(dir, 'good.csv');
    await generateLargeCustomers(generated, GOOD, 'utf-8-bom', 11);
    const [header, ...good] = parse(readFileSync(generated), { bom: true, relax_column_count: true }) as string[][];
    expect(good).toHaveLength(GOOD);
    goodNumbers = good.map((r) => Number(r[0]));

    const rng = new Random(606);
    const brokenAt = new Set<number>();
    while (brokenAt.size < BROKEN) brokenAt.add(rng.int(1, GOOD + BROKEN - 1)); // never first: a duplicate needs an earlier row
    const records: string[][] = [header!];
    expectedRejects = [];
    let line = 2;
    let goodIndex = 0;
    for (let slot = 0; slot < GOOD + BROKEN; slot++) {
      let cells: string[];
      if (brokenAt.has(slot)) {
        const earlier = good[rng.int(0, goodIndex - 1)]![0]!;
        const broken = rng.pick(BREAKERS)(900_000 + slot, earlier, good[rng.int(0, GOOD - 1)]!);
        cells = broken.cells;
        expectedRejects.push({ line, code: broken.code, raw: csvRow(cells) });
      } else {
        cells = good[goodIndex++]!;
      }
      records.push(cells);
      line += linesOf(cells);
    }
    expect(goodIndex).toBe(GOOD);
    file = join(dir, 'budget.csv');
    writeFileSync(file, `\ufeff${records.map(csvRow).join('\r\n')}\r\n`);
    before = await snapshotTable(db, 'customers');
  });
  afterAll(async () => db?.drop());

  it('past --max-rejects: stops, loads nothing, exit 5, and names the first rejects', async () => {
    const result = await runCli(['customers', '--file', file, '--max-rejects', '500', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.code).toBe(5);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const firstThree = expectedRejects
      .slice(0, 3)
      .map((r) => `budget\\.csv line ${r.line} ${r.code}`)
      .join('.*; ');
    expect(lines[0]).toMatch(new RegExp(`^REJECT_BUDGET_EXCEEDED: customers: stopped at 501 rejected rows, more than --max-rejects 500; nothing was loaded \\(first: ${firstThree}`));
    expect(await snapshotTable(db, 'customers')).toBe(before);
    expect(await db.query('SELECT count(*)::int AS n FROM etl.rejects')).toEqual([{ n: 0 }]);
  });

  it('past --max-reject-ratio: loads nothing, exit 5, with the share it found', async () => {
    const result = await runCli(['customers', '--file', file, '--max-reject-ratio', '0.05', '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^REJECT_BUDGET_EXCEEDED: customers: 1000 of 11000 rows rejected \(9\.1%\), more than --max-reject-ratio 0\.05; nothing was loaded/);
    expect(await snapshotTable(db, 'customers')).toBe(before);
  });

  it('within the default budget (10%): the 10,000 load, the 1,000 are rejected each with line and reason, and the counts reconcile', async () => {
    const result = await runCli(['customers', '--file', file, '--reports-dir', tempDir()], { DATABASE_URL: db.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const counts = /rowsRead (\d+) · inserted (\d+) · updated (\d+) · unchanged (\d+) · duplicates (\d+) · adopted 0 · review 0 · absorbed 0 · conflicts 0 · rejected (\d+) · skipped (\d+)/.exec(result.stdout)!.slice(1).map(Number);
    const [read, inserted, updated, unchanged, duplicates, rejected, skipped] = counts as [number, number, number, number, number, number, number];
    expect(read).toBe(GOOD + BROKEN);
    expect(rejected).toBe(BROKEN);
    expect(skipped).toBe(0);
    expect(inserted + updated + unchanged + duplicates).toBe(GOOD);
    expect(inserted + updated + unchanged + duplicates + rejected + skipped).toBe(read);

    // Every good row is in customers: as a customer of its own, or merged into one (same name and phone).
    const stored = await db.query<{ customer_id: number; merged_ledger_numbers: number[] }>('SELECT customer_id, merged_ledger_numbers FROM customers');
    expect(stored).toHaveLength(inserted);
    const loadedNumbers = stored.flatMap((c) => [c.customer_id, ...c.merged_ledger_numbers]).sort((a, b) => a - b);
    expect(loadedNumbers).toEqual([...goodNumbers].sort((a, b) => a - b));

    const [run] = await db.query<{ run_id: string }>(`SELECT run_id FROM etl.runs WHERE status = 'committed'`);
    const rejects = await db.query<{ line: number; code: string; reason: string; raw_line: string }>(
      'SELECT line, code, reason, raw_line FROM etl.rejects WHERE run_id = $1 ORDER BY line',
      [run!.run_id],
    );
    expect(rejects.map((r) => [r.line, r.code])).toEqual(expectedRejects.map((r) => [r.line, r.code]));
    expect(rejects.map((r) => r.raw_line)).toEqual(expectedRejects.map((r) => r.raw.replace(/\u0000/g, '␀')));
    for (const r of rejects) expect(r.reason.length).toBeGreaterThan(10);
  });
});
