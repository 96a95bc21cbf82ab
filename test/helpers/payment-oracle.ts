// The payments the sample sheets hold, derived with plain string rules (not the pipeline's parsers): a row
// is a payment when 번호 is a number; the same customer, date, amount and program is one payment, however
// many sheets repeat it (identical rows within one sheet are separate payments).

import { join } from 'node:path';
import { SAMPLES_DIR } from '../../samples/generator/cli.ts';
import { PAYMENT_DIR } from '../../samples/generator/payments.ts';
import { csvFilesIn, readSampleSheet, type SampleSheet } from './sample-csv.ts';

export const PAYMENTS_DIR = join(SAMPLES_DIR, PAYMENT_DIR);
export const PAYMENT_FILES = csvFilesIn(PAYMENTS_DIR);

export interface OraclePayment {
  file: string;
  line: number;
  key: string;
  month: string;
  amount: number;
  program: string;
  approval: string;
}

export interface PaymentOracle {
  sheets: SampleSheet[];
  /** Every row whose 번호 is a number, from every sheet. */
  rows: OraclePayment[];
  /** One per payment (first sheet by name wins, as a person would count them). */
  unique: OraclePayment[];
  /** Rows below the header that are not payments (footers, notes). */
  notPayments: { file: string; line: number; number: string }[];
}

export function readPayments(files: readonly string[] = PAYMENT_FILES): PaymentOracle {
  const sheets = files.map((f) => readSampleSheet(f, ['번호', '결제일자', '고객명']));
  const rows: OraclePayment[] = [];
  const notPayments: PaymentOracle['notPayments'] = [];
  for (const sheet of sheets) {
    const seen = new Map<string, number>();
    for (const row of sheet.rows) {
      const number = sheet.cell(row, (l) => l === '번호').trim();
      if (!/^\d+$/.test(number)) {
        if (row.cells.some((c) => c.trim() !== '')) notPayments.push({ file: sheet.name, line: row.line, number });
        continue;
      }
      const date = sheet.cell(row, (l) => l === '결제일자').trim().slice(0, 10).replace(/\./g, '-');
      const amount = Number(sheet.cell(row, (l) => l === '결제금액').replace(/[,원\s]/g, ''));
      const program = sheet.cell(row, (l) => l === '결제프로그램');
      const name = sheet.cell(row, (l) => l === '고객명').replace(/\([^)]*\)|님$|\s/g, '');
      const base = [name, date, amount, program.replace(/\s+/g, '')].join('|');
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      rows.push({ file: sheet.name, line: row.line, key: `${base}|${occurrence}`, month: date.slice(0, 7), amount, program, approval: sheet.cell(row, (l) => l === '승인번호').trim() });
    }
  }
  const byKey = new Map<string, OraclePayment>();
  for (const r of rows) if (!byKey.has(r.key)) byKey.set(r.key, r);
  return { sheets, rows, unique: [...byKey.values()], notPayments };
}

/** The sum of each month's payments, refunds included. */
export function monthlySums(payments: readonly OraclePayment[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const p of payments) sums.set(p.month, (sums.get(p.month) ?? 0) + p.amount);
  return sums;
}
