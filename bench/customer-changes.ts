// A change to a generated customer ledger, as the center makes one: some customers' rows edited (a note
// added in 비고, the same 번호, name and phone) and some new customers at the end, numbered after the last
// 번호. Written in one of two shapes:
// - `changes`: the header and the changed and new rows only — the 10-row file of issue 18, which leaves
//   every other customer alone (rows missing from a master are never deleted, docs/operations.md §2);
// - `ledger`: the whole ledger again with the change in it — the center exporting its master anew.
// The unchanged rows are regenerated from the seed: byte for byte what generateLargeCustomers wrote for the
// database's first load (test/bench/customer-changes.test.ts holds it to that).

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { CUSTOMER_HEADER, generateCustomerBlock, type CustomerRow } from '../samples/generator/customers.ts';
import { Random } from '../samples/generator/random.ts';
import { csvRow, encodeSample } from '../samples/generator/write-csv.ts';

export type ChangeShape = 'changes' | 'ledger';

export interface CustomerChange {
  /** Existing customers whose row gets a note in 비고. */
  changed: number;
  /** New customers after the last row. */
  added: number;
}

/** As samples/generator/cli.ts generateLargeCustomers blocks the ledger (the rng runs block after block). */
const BLOCK = 9500;
/** The note column (비고), the cell a changed row differs in. */
const NOTES = CUSTOMER_HEADER.indexOf('비고');

/** A change of `size` rows into a ledger of `rows`: half edited customers, half new (all new beyond half the ledger). */
export function splitChange(size: number, rows: number): CustomerChange {
  const changed = Math.min(Math.floor(size / 2), Math.floor(rows / 2));
  return { changed, added: size - changed };
}

export async function writeCustomerChange(out: string, options: { rows: number; seed: number; change: CustomerChange; shape: ChangeShape }): Promise<void> {
  const { rows, change, shape } = options;
  const stream = createWriteStream(out);
  const write = async (cells: readonly string[][]) => {
    if (cells.length && !stream.write(encodeSample(cells.map((c) => `${csvRow(c)}\r\n`).join(''), 'cp949'))) await once(stream, 'drain');
  };
  await write([[...CUSTOMER_HEADER]]);
  const rng = new Random(options.seed);
  let lastNumber = 0;
  let nextTarget = 0;
  for (let done = 0; done < rows; done += BLOCK) {
    const block = generateCustomerBlock(rng, { size: Math.min(BLOCK, rows - done), firstNumber: done + 1 + Math.floor(done / 950) });
    lastNumber = Number(block.at(-1)!.cells[0]);
    // The edited rows, spread evenly over the ledger: target j sits at row (j + ½)·rows/changed.
    const edited = new Set<number>();
    const canEdit = editableRows(block);
    for (; nextTarget < change.changed; nextTarget++) {
      const at = Math.floor(((nextTarget + 0.5) * rows) / change.changed) - done;
      if (at >= block.length) break;
      const row = nearest(Math.max(0, at), block.length, (i) => canEdit(i) && !edited.has(i));
      edited.add(row);
      const cells = block[row]!.cells;
      cells[NOTES] = cells[NOTES] ? `변경 ${nextTarget + 1}: ${cells[NOTES]}` : `변경 ${nextTarget + 1}`;
    }
    await write(block.filter((_, i) => shape === 'ledger' || edited.has(i)).map((r) => r.cells));
  }
  // New customers: another seed's rows, numbered on from the ledger's last 번호.
  const fresh = new Random(options.seed + 1_000_003);
  for (let done = 0; done < change.added; done += BLOCK) {
    const block = generateCustomerBlock(fresh, { size: Math.min(BLOCK, change.added - done), firstNumber: lastNumber + 1 });
    lastNumber = Number(block.at(-1)!.cells[0]);
    await write(block.map((r) => r.cells));
  }
  stream.end();
  await once(stream, 'finish');
}

/**
 * Rows a load surely keeps as their own customer, so editing one updates exactly one customer: a plain
 * name, a clean phone, and no other row of the block with the same name and phone (a duplicate would merge).
 */
function editableRows(block: readonly CustomerRow[]): (i: number) => boolean {
  const key = (r: CustomerRow) => `${r.cells[2]}|${r.cells[3]}`;
  const count = new Map<string, number>();
  for (const r of block) count.set(key(r), (count.get(key(r)) ?? 0) + 1);
  return (i) => /^[가-힣]{3}$/.test(block[i]!.cells[2]!) && /^010-\d{4}-\d{4}$/.test(block[i]!.cells[3]!) && count.get(key(block[i]!)) === 1;
}

/** The first index at or after `from` (else before it) that passes. */
function nearest(from: number, length: number, ok: (i: number) => boolean): number {
  for (let i = from; i < length; i++) if (ok(i)) return i;
  for (let i = from - 1; i >= 0; i--) if (ok(i)) return i;
  throw new Error('no row left to edit in this block');
}
