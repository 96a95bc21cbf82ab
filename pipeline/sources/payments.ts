// The monthly payment sheets (`2025년 5월`, `2024년07월`, `23년12월`, `3월` for 2022) and the 전체 결제대장
// ledger, all in 결제현황/ → payments. Only rows whose 번호 is a number are payments; footers (`합계`)
// and note rows are skipped with the reason. The ledger repeats rows of the monthly sheets: the natural
// key in payments.merge.sql keeps one payment for them.

import { fileURLToPath } from 'node:url';
import type { FileContext, RawRow, RowIssue, RowOutcome, RunContext, SourceDefinition } from '../source.ts';
import type { ColumnSpec } from '../read/header.ts';
import { cleanMultiline, cleanText } from '../../transforms/clean-text.ts';
import { foldText } from '../../transforms/fold-cell.ts';
import { nameMatchKey } from '../../transforms/match-key.ts';
import { nameKey } from '../../transforms/normalize-name.ts';
import { normalizeStaff } from '../../transforms/normalize-staff.ts';
import { parseDate } from '../../transforms/parse-date.ts';
import { parseMoney } from '../../transforms/parse-money.ts';
import { paymentMethod, paymentType } from '../../transforms/payment-kind.ts';
import { dateWarning } from './row-issues.ts';
import { createSheetCalendar, type SheetCalendar } from './sheet-calendar.ts';
import { predictPayments } from './payments-predict.ts';

export const PAYMENT_COLUMNS = [
  { key: 'number', labels: ['번호', 'NO', 'No.'], required: true, reader: 'number' },
  { key: 'date', labels: ['결제일자', '결제일', '결제 일자'], required: true, reader: 'date' },
  { key: 'name', labels: ['고객명', '성함', '이름'], required: true },
  { key: 'program', labels: ['결제 프로그램', '프로그램'], required: true },
  { key: 'amount', labels: ['결제 금액', '결제금액', '금액'], required: true, reader: 'money' },
  { key: 'cardHolder', labels: ['카드 명의자명', '카드명의자'] },
  { key: 'approval', labels: ['승인번호'] },
  { key: 'staff', labels: ['결제 담당자', '담당자'] },
  { key: 'channel', labels: ['유입', '유입경로'] },
  { key: 'grade', labels: ['등급'] },
  { key: 'purchase', labels: ['구매'] },
  { key: 'sessionStart', labels: ['세션시작일', '세션 시작일'], reader: 'date' },
  { key: 'contractEnd', labels: ['계약만료일', '계약 만료일'], reader: 'date' },
  { key: 'notes', labels: ['기타', '비고'] },
] as const satisfies readonly ColumnSpec[];

type PaymentKey = (typeof PAYMENT_COLUMNS)[number]['key'];

export const PAYMENT_STAGING_COLUMNS = [
  'line', 'source_file', 'ledger_no', 'payment_date', 'customer_name_raw', 'name_clean', 'name_key', 'match_blocker',
  'relative_of_key', 'customer_key', 'program', 'program_key', 'amount', 'payment_type', 'payment_method',
  'approval_no', 'card_holder', 'staff', 'channel', 'grade', 'purchase_note', 'session_start_date',
  'contract_end_date', 'notes',
] as const;

const FOOTER = /^(?:합계|총합계|총계|소계|계)$/; // the sheet's total rows
const PAYMENT_NUMBER = /^\d{1,6}(?:\.0+)?$/;

export function createPaymentRowMapper(run: RunContext): (row: RawRow<PaymentKey>, file: FileContext) => RowOutcome {
  const currentYear = Number(run.today.slice(0, 4));
  let calendar: { file: string; sheet: SheetCalendar } | null = null;
  return (row, file) => {
    if (calendar?.file !== file.file) calendar = { file: file.file, sheet: createSheetCalendar(file.name, run) };
    const v = row.values;
    const number = (foldText(v.number) ?? '').replace(/\s+/g, ''); // `１２`, `'12`, `12.0`
    if (FOOTER.test(number) || FOOTER.test((v.name ?? '').replace(/\s+/g, ''))) return { kind: 'skip', reason: 'FOOTER_ROW' };
    if (!PAYMENT_NUMBER.test(number)) {
      const amount = cleanText(v.amount);
      const warnings: RowIssue[] = amount
        ? [{ code: 'PAYMENT_ROW_WITHOUT_NUMBER', column: '번호', value: `${v.number ?? ''} | ${v.name ?? ''} | ${v.program ?? ''} | ${amount}`, reason: 'a row with an amount but no 번호 is not counted as a payment by the sheet; not loaded, kept here' }]
        : [];
      return { kind: 'skip', reason: 'NO_PAYMENT_NUMBER', warnings };
    }

    const warnings: RowIssue[] = [];
    const dateCell = cleanText(v.date);
    if (dateCell === null) return { kind: 'reject', issue: { code: 'DATE_MISSING', column: '결제일자', value: '', reason: 'a payment needs its date; fill in 결제일자' } };
    const date = calendar.sheet.read(dateCell, '결제일자');
    warnings.push(...date.warnings);
    if (date.date === null) return { kind: 'reject', issue: dateWarning('결제일자', dateCell, date.issue ?? 'DATE_UNPARSEABLE', 'the payment date cannot be read; fix 결제일자'), warnings };

    const amount = parseMoney(v.amount);
    if (amount.won === null) {
      const issue: RowIssue = amount.issue
        ? { code: 'AMOUNT_UNREADABLE', column: '결제 금액', value: v.amount, reason: 'not an amount in won (e.g. 분할결제); write the amount paid' }
        : { code: 'AMOUNT_MISSING', column: '결제 금액', value: '', reason: 'a payment needs its amount; fill in 결제 금액' };
      return { kind: 'reject', issue, warnings };
    }
    const program = cleanMultiline(v.program);
    const type = paymentType(program, amount.won);
    if (type === 'refund' && amount.won > 0) warnings.push({ code: 'REFUND_NOT_NEGATIVE', column: '결제 금액', value: v.amount, reason: 'the program says 환불 but the amount is positive; kept as written' });
    const method = paymentMethod(v.approval);
    if (method.unreadable) warnings.push({ code: 'APPROVAL_UNREADABLE', column: '승인번호', value: v.approval, reason: 'neither an 8-digit card approval nor 계좌이체; method left empty' });

    const person = nameMatchKey(v.name, currentYear);
    // The natural key's customer part: the name in match form, so it does not move when the name is linked.
    const customerKey = person.key ?? (person.name === null ? '' : nameKey(person.name));
    return {
      kind: 'stage',
      values: [
        row.line, file.name, number, date.date, v.name ?? null, person.name, person.key, person.blocker, person.relativeOfKey,
        customerKey, program, (program ?? '').replace(/\s+/g, '').toLowerCase(), amount.won, type, method.method,
        cleanText(v.approval), cleanText(v.cardHolder), normalizeStaff(v.staff), cleanText(v.channel), cleanText(v.grade),
        cleanText(v.purchase), optionalDate(v.sessionStart, '세션시작일', run, warnings), optionalDate(v.contractEnd, '계약만료일', run, warnings),
        cleanMultiline(v.notes),
      ],
      warnings,
    };
  };
}

/** 세션시작일 / 계약만료일: an unreadable date is left empty with a warning; contracts may end in the future. */
function optionalDate(cell: string | undefined, column: string, run: RunContext, warnings: RowIssue[]): string | null {
  const parsed = parseDate(cell, { earliest: run.earliest });
  if (parsed.issue && parsed.date === null) warnings.push(dateWarning(column, cell!, parsed.issue));
  return parsed.date;
}

const sql = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export const payments: SourceDefinition<PaymentKey> = {
  name: 'payments',
  title: '결제현황 (monthly payment sheets and the 전체 결제대장 ledger)',
  input: { kind: 'dir', dir: '결제현황' },
  columns: PAYMENT_COLUMNS,
  staging: { table: 'staging.payments', columns: PAYMENT_STAGING_COLUMNS },
  predict: (context) => predictPayments(context),
  createRowMapper: (run) => createPaymentRowMapper(run),
  mergeSql: [sql('payments.merge.sql')],
  mergeOutcomes: ['inserted', 'updated', 'unchanged', 'duplicates'],
  rowsByFile: { table: 'payments', column: 'source_file', noun: 'payments' },
  describe: async (query) => {
    const byType = await query(
      `SELECT payment_type AS type, count(*)::int AS rows, sum(amount)::bigint::text AS amount FROM staging.payments GROUP BY 1 ORDER BY 1`,
    );
    const byMethod = await query(`SELECT coalesce(payment_method, '(none)') AS method, count(*)::int AS rows FROM staging.payments GROUP BY 1 ORDER BY 1`);
    const reviewByReason = await query(
      `SELECT reason, count(*)::int AS rows FROM pg_temp.payment_rows WHERE reason IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
    );
    return { byType, byMethod, reviewByReason };
  },
};
