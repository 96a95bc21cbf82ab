// The changes the cost benchmark loads into a database it built, cached under .data/bench/changes/ like
// the ledgers themselves (inputs.ts): for customers a change file of either shape (customer-changes.ts),
// for sessions one more month's sheet — the month after the generated folder's last (2026-10), which the
// center would add next.

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { sampleCustomers } from '../samples/generator/cli.ts';
import { generateUsageMonth, largeUsageMonths } from '../samples/generator/sessions.ts';
import { splitChange, writeCustomerChange, type ChangeShape } from './customer-changes.ts';
import { WORK } from './inputs.ts';

export async function customerChangeFile(options: { rows: number; seed: number; size: number; shape: ChangeShape }, work = WORK): Promise<string> {
  const change = splitChange(options.size, options.rows);
  const dir = join(work, 'changes');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `customers-${options.rows}-${options.seed}-${options.shape}-${change.changed}c${change.added}n.csv`);
  if (!existsSync(out)) {
    await writeCustomerChange(`${out}.partial`, { rows: options.rows, seed: options.seed, change, shape: options.shape });
    renameSync(`${out}.partial`, out);
  }
  return out;
}

/** The month after the generated folder's last, named as the center names its sheets (`2026년10월.csv`). */
export function nextUsageMonth(): { year: number; month: number } {
  const last = largeUsageMonths().at(-1)!;
  return last.month === 12 ? { year: last.year + 1, month: 1 } : { year: last.year, month: last.month + 1 };
}

export function sessionMonthFile(options: { seed: number; size: number }, work = WORK): string {
  const { year, month } = nextUsageMonth();
  // One folder per size: the sheet's file name is its month, and the load keeps it as the sessions' source.
  const dir = join(work, 'changes', `sessions-month-${options.size}-${options.seed}`);
  const out = join(dir, `${year}년${month}월.csv`);
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    generateUsageMonth(`${out}.partial`, sampleCustomers(), { year, month, rows: options.size, encoding: 'cp949', seed: options.seed + 77 });
    renameSync(`${out}.partial`, out);
  }
  return out;
}
