// The sample yearly summary (samples/2025년_결제현황.csv): one block per year, newest first — a title cell
// (`25년도 매출`, `23년도매출`), `1월,…,12월,합계`, one row of figures, a blank row. Each month's figure
// is the sum of the sample payments of that month, except the few months in SUMMARY_DIFFERENCES, so
// the report has differences to show; 2025 has January only, as in the real file.

import { join } from 'node:path';
import type { SamplePayment } from './payments.ts';
import { writeSample } from './write-csv.ts';

export const REVENUE_FILE = '2025년_결제현황.csv';

/** Months where the summary was written differently from the payments (won added to the true sum). */
export const SUMMARY_DIFFERENCES: Readonly<Record<string, number>> = {
  '2022-05': 550_000,
  '2024-02': -99_000,
  '2024-09': 1_200_000,
};

const BLOCKS = [
  { year: 2025, title: '25년도 매출', months: 1 },
  { year: 2024, title: '24년도 매출', months: 12 },
  { year: 2023, title: '23년도매출', months: 12 },
  { year: 2022, title: '22년도 매출', months: 12 },
] as const;

export function generateRevenueSummary(dir: string, payments: readonly SamplePayment[]): string {
  const sums = new Map<string, number>();
  for (const p of payments) sums.set(p.date.slice(0, 7), (sums.get(p.date.slice(0, 7)) ?? 0) + p.amount);
  const width = 13;
  const rows: string[][] = [];
  for (const block of BLOCKS) {
    const figures = Array.from({ length: 12 }, (_, i) => {
      if (i >= block.months) return null;
      const month = `${block.year}-${String(i + 1).padStart(2, '0')}`;
      return (sums.get(month) ?? 0) + (SUMMARY_DIFFERENCES[month] ?? 0);
    });
    const total = figures.reduce<number>((s, f) => s + (f ?? 0), 0);
    rows.push([block.title, ...Array<string>(width - 1).fill('')]);
    rows.push([...Array.from({ length: 12 }, (_, i) => `${i + 1}월`), '합계']);
    rows.push([...figures.map((f) => (f === null ? '' : String(f))), String(total)]);
    rows.push(Array<string>(width).fill(''));
  }
  const path = join(dir, REVENUE_FILE);
  writeSample(path, rows, 'utf-8-bom');
  return path;
}
