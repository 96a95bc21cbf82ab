// 2025년_결제현황.csv, the yearly revenue summary: one block per year — a title cell (`25년도 매출`,
// `23년도매출`), a header `1월,…,12월,합계`, one row of figures, a blank row — → monthly_revenue. The report
// lists every month where the summary and the sum of that month's payments differ, with both figures.

import { fileURLToPath } from 'node:url';
import type { CopyValue } from '../../sinks/copy-text.ts';
import type { FileContext, QueryFn, RawRow, RowIssue, RowOutcome, RunContext, SourceDefinition } from '../source.ts';
import type { ColumnSpec } from '../read/header.ts';
import { foldText } from '../../transforms/fold-cell.ts';
import { parseMoney } from '../../transforms/parse-money.ts';
import { predictRevenueSummary } from './revenue-summary-predict.ts';

const MONTH_KEYS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'] as const;

export const REVENUE_COLUMNS = [
  ...MONTH_KEYS.map((key, i) => ({ key, labels: [`${i + 1}월`], required: i === 0 || i === 11, reader: 'money' as const })),
  { key: 'total', labels: ['합계', '총합계'], required: true, reader: 'money' },
] as const satisfies readonly ColumnSpec[];

type RevenueKey = (typeof REVENUE_COLUMNS)[number]['key'];

export const REVENUE_STAGING_COLUMNS = ['line', 'source_file', 'year', 'month', 'amount'] as const;

const TITLE = /(\d{4}|\d{2})\s*년도?\s*매출/; // `25년도 매출`, `23년도매출`, `2024년 매출`

/** The year a block title names, from any of the cells. */
function titleYear(cells: readonly (string | undefined)[]): number | null {
  for (const cell of cells) {
    const m = TITLE.exec(foldText(cell) ?? ''); // `25년도 매출`, `２５년도 매출`
    if (m) return m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  }
  return null;
}

export function createRevenueRowMapper(_run: RunContext): (row: RawRow<RevenueKey>, file: FileContext) => RowOutcome {
  let file: string | null = null;
  let year: number | null = null;
  const seenYears = new Map<number, string>();
  return (row, context) => {
    if (context.file !== file) {
      file = context.file;
      // The first block's title sits above the header the finder chose: `25년도 매출`.
      year = context.preamble.map((cells) => titleYear(cells)).filter((y) => y !== null).at(-1) ?? null;
    }
    const v = row.values;
    const cells = [...MONTH_KEYS.map((k) => v[k]), v.total];
    const title = titleYear(cells);
    if (title !== null) {
      year = title;
      return { kind: 'skip', reason: 'BLOCK_TITLE' };
    }
    if (foldText(v.m1) === '1월') return { kind: 'skip', reason: 'BLOCK_HEADER' };
    if (year === null) {
      return { kind: 'reject', issue: { code: 'YEAR_UNKNOWN', reason: 'figures with no block title above them (such as `24년도 매출`); add the title' } };
    }
    const earlier = seenYears.get(year);
    if (earlier !== undefined) {
      return { kind: 'reject', issue: { code: 'YEAR_BLOCK_REPEATED', value: String(year), reason: `a second block of figures for ${year} (the first is at ${earlier}); remove one` } };
    }
    seenYears.set(year, `${context.name} line ${row.line}`);

    const warnings: RowIssue[] = [];
    const rows: CopyValue[][] = [];
    MONTH_KEYS.forEach((key, i) => {
      const won = figure(v[key], `${i + 1}월`, warnings);
      if (won !== null) rows.push([row.line, context.name, year, i + 1, won]);
    });
    const total = figure(v.total, '합계', warnings);
    const sum = rows.reduce((s, r) => s + (r[4] as number), 0);
    if (total !== null && total !== sum) {
      warnings.push({ code: 'YEAR_TOTAL_MISMATCH', column: '합계', value: v.total, reason: `${year}: the months add up to ${sum.toLocaleString('en-US')} but 합계 says ${total.toLocaleString('en-US')}; the months are loaded` });
    }
    if (rows.length === 0) return { kind: 'skip', reason: 'NO_FIGURES', warnings };
    return { kind: 'stage-many', rows, warnings };
  };
}

function figure(cell: string | undefined, column: string, warnings: RowIssue[]): number | null {
  const parsed = parseMoney(cell);
  if (parsed.issue) warnings.push({ code: 'AMOUNT_UNREADABLE', column, value: cell, reason: 'not an amount in won; this month has no figure' });
  return parsed.won;
}

const sql = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

interface ComparisonRow extends Record<string, unknown> {
  year: number;
  month: number;
  summary_amount: string | null;
  payments_amount: string | null;
  payment_count: number;
  difference: string | null;
}

/** The comparison, months as `2024-07`, amounts as numbers (won). */
async function compareWithPayments(query: QueryFn): Promise<Record<string, unknown>> {
  const rows = await query<ComparisonRow>(
    `SELECT year, month, summary_amount, payments_amount, payment_count, difference FROM monthly_revenue_comparison ORDER BY year, month`,
  );
  const month = (r: ComparisonRow) => `${r.year}-${String(r.month).padStart(2, '0')}`;
  const num = (x: string | null) => (x === null ? null : Number(x));
  return {
    // Every month side by side, for the report's chart.
    monthlyRevenue: rows.map((r) => ({ month: month(r), summary: num(r.summary_amount), payments: num(r.payments_amount) })),
    differences: rows
      .filter((r) => r.summary_amount !== null && r.payments_amount !== null && Number(r.difference) !== 0)
      .map((r) => ({ month: month(r), summary: num(r.summary_amount), payments: num(r.payments_amount), difference: num(r.difference), paymentRows: r.payment_count })),
    monthsWithoutPayments: rows.filter((r) => r.summary_amount !== null && r.payments_amount === null).map((r) => ({ month: month(r), summary: num(r.summary_amount), payments: null })),
    monthsWithoutSummary: rows.filter((r) => r.summary_amount === null).map((r) => ({ month: month(r), summary: null, payments: num(r.payments_amount) })),
    monthsAgreeing: rows.filter((r) => r.summary_amount !== null && r.payments_amount !== null && Number(r.difference) === 0).length,
  };
}

export const revenueSummary: SourceDefinition<RevenueKey> = {
  name: 'revenue-summary',
  title: '2025년_결제현황 (yearly revenue summary)',
  input: { kind: 'file', file: '2025년_결제현황.csv' },
  columns: REVENUE_COLUMNS,
  staging: { table: 'staging.monthly_revenue', columns: REVENUE_STAGING_COLUMNS },
  predict: () => predictRevenueSummary(),
  createRowMapper: (run) => createRevenueRowMapper(run),
  mergeSql: [sql('revenue-summary.merge.sql')],
  mergeOutcomes: ['inserted', 'updated', 'unchanged'],
  describe: compareWithPayments,
};
