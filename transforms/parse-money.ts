// Amounts in won as the ledgers write them, one cell at a time: `1536000`, `1,536,000`, `99,000원`,
// `9900원`, `50만원`, `1.5만원`, dot-grouped `9.999.999원`, refunds `-550,000`, Excel's `1536000.0`.
// Words instead of an amount (`분할결제`) are not an amount: null, with the text kept as a note.
// The cell is folded first: full-width digits and signs from the Korean IME (`１２０,０００원`, `￦9,900`,
// `−550,000`). Shared by every source with money in it (leads 매출, payments 결제 금액, the yearly summary).

import { cleanText } from './clean-text.ts';
import { foldCell, type CellFold } from './fold-cell.ts';

export const MONEY_FORMS = [
  'plain', //     `1536000`, `1536000.0`
  'comma', //     `1,536,000`
  'dot-group', // `9.999.999`
  'man', //       `50만원`, `1.5만`, `1,200만원`, `3만5천원`
] as const;
export type MoneyForm = (typeof MONEY_FORMS)[number];

export const MONEY_ISSUES = [
  'MONEY_NOT_AMOUNT', // words: `분할결제`, `무료`, `카드`
  'MONEY_MALFORMED', //  digits, but not one well-formed amount: `1,53,6000`, `99,000.5원`, `1.5원`, `10,000 20,000`
] as const;
export type MoneyIssue = (typeof MONEY_ISSUES)[number];

export interface MoneyResult {
  /** Whole won (negative for a refund), or null. */
  won: number | null;
  form: MoneyForm | null;
  issue: MoneyIssue | null;
  /** The cell's text when it is not an amount (`분할결제`), for a note column. */
  note: string | null;
  /** The folds the cell needed (`full-width` for `１２０,０００원`). */
  repairs: readonly CellFold[];
}

const NONE: MoneyResult = Object.freeze({ won: null, form: null, issue: null, note: null, repairs: Object.freeze([]) });

// Sign: `-`, the minus sign `−`, or accounting parentheses `(550,000)`. Currency: `원`, `₩`, `￦`, `KRW`.
const CURRENCY_BEFORE = /^(?:₩|￦|KRW)\s*/i;
const CURRENCY_AFTER = /\s*(?:원|₩|KRW)$/i;
const PLAIN = /^\d+(?:\.0+)?$/;
const COMMA_GROUPED = /^\d{1,3}(?:,\d{3})+$/;
const DOT_GROUPED = /^\d{1,3}(?:\.\d{3})+$/;
// `50만`, `1.5만`, `1,200만`, `3만5천`, `3만 5,000`
const MAN = /^(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d+))?\s*만(?:\s*(\d)\s*천|\s*(\d{1,3}(?:,\d{3})?|\d{1,4}))?$/;

export function parseMoney(raw: string | undefined): MoneyResult {
  const { text, folds: repairs } = foldCell(raw);
  if (text === null) return NONE;
  let body = text;
  let sign = 1;
  const parenthesised = /^\((.+)\)$/.exec(body);
  if (parenthesised) [body, sign] = [parenthesised[1]!.trim(), -1];
  if (/^[-−]/.test(body)) [body, sign] = [body.slice(1).trim(), -sign];
  body = body.replace(CURRENCY_BEFORE, '').replace(CURRENCY_AFTER, '').trim();
  if (/^[-−]/.test(body)) [body, sign] = [body.slice(1).trim(), -sign];

  const amount = readAmount(body);
  if (amount) return { won: amount.won === 0 ? 0 : sign * amount.won, form: amount.form, issue: null, note: null, repairs };
  const issue: MoneyIssue = /\d/.test(text) ? 'MONEY_MALFORMED' : 'MONEY_NOT_AMOUNT';
  // The note keeps the words as written, not folded.
  return { won: null, form: null, issue, note: cleanText(raw), repairs };
}

function readAmount(body: string): { won: number; form: MoneyForm } | null {
  // Dot groups before plain: `100.000` is a hundred thousand won, not 100 (Excel writes `100000.0`).
  if (DOT_GROUPED.test(body)) return safe(Number(body.replace(/\./g, '')), 'dot-group');
  if (PLAIN.test(body)) return safe(Number.parseInt(body, 10), 'plain');
  if (COMMA_GROUPED.test(body)) return safe(Number(body.replace(/,/g, '')), 'comma');
  const m = MAN.exec(body);
  if (!m) return null;
  // Whole 만 (10,000) units, up to four decimal places of one (`1.5만` = 15,000), then the rest in won.
  const decimals = m[2] ?? '';
  if (decimals.length > 4) return null;
  const rest = m[3] ? Number(m[3]) * 1000 : m[4] ? Number(m[4].replace(/,/g, '')) : 0;
  if (rest >= 10_000) return null;
  const won = Number(m[1]!.replace(/,/g, '')) * 10_000 + Number(decimals.padEnd(4, '0')) + rest;
  return safe(won, 'man');
}

function safe(won: number, form: MoneyForm): { won: number; form: MoneyForm } | null {
  return Number.isSafeInteger(won) ? { won, form } : null;
}
