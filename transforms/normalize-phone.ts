// The phone rule. Korean numbers in national format: mobiles `010-1234-5678`, Seoul `02-123-4567`,
// other areas `031-123-4567`, internet `070-1234-5678`, nationwide `1588-1234` (libphonenumber judges,
// korean-number.ts says where we differ). The one hard rule: a number is never rewritten into another —
// the stored digits are the cell's digits, less a country code and the trunk 0 after it, plus at most one
// restored leading 0. Anything we cannot read as a number stays null; the caller keeps the cell as written.
//
// What people and Excel do to a phone cell, and what we read (the cell is folded first: `０１０－…`, `'010…`):
//   `1012345678`, `212345678`        Excel held it as a number and dropped the 0: put back (repaired)
//   `1012345678.0`                   …and wrote it as a decimal
//   `1.01235E+09`                    …in exponent form, digits lost: invalid, never guessed
//   `+82 10-…`, `+82 010-…`, `82-10-…`   a country code, with or without its plus or the trunk 0
//   `HP 010-…`, `010-… (딸)`          a label or a note around one number: that number
//   `010-… / 010-…`                  two numbers: the first valid one is the phone, the others are reported
//   `030-…`, `020-…`, `010-1234-567`  no such area, or grouped unlike any number: invalid, not regrouped

import { foldCell, CELL_FOLDS } from './fold-cell.ts';
import { readSpan, splitPhoneCell, type ReadNumber } from './phone-spans.ts';

export const PHONE_STATUSES = [
  'valid', //       already `010-1234-5678`
  'reformatted', // same digits, other punctuation or words around: `010.1234.5678`, `+82 10-…`, `HP 010-…`
  'repaired', //    leading 0 restored: `1012345678`, `212345678`
  'invalid', //     not one phone number: `010-1234-56789`, `010-12-34`, `1.01235E+09`
  'placeholder', // `X`, `x`, `-`: the ledger's "no phone"
  'missing', //     blank
] as const;
export type PhoneStatus = (typeof PHONE_STATUSES)[number];

/** What was done to read the number, beyond punctuation: the cell folds and the phone's own repairs. */
export const PHONE_REPAIRS = [
  ...CELL_FOLDS,
  'excel-decimal', // `1012345678.0`
  'label', //         `HP 010-…`, `핸드폰: 010-…`
  'note', //          `010-… (딸)`, `010-… / 저녁에만`
  'odd-separator', // `010·1234·5678`, `010ㅡ1234ㅡ5678`
  'country-code', //  `+82 10-…`, `82-10-…`
  'leading-zero', //  `1012345678`, `212345678`
  'second-number', // `010-… / 010-…`: the phone is the first valid one
] as const;
export type PhoneRepair = (typeof PHONE_REPAIRS)[number];

/** Why an invalid cell is invalid, for the warning's reason. */
export const PHONE_PROBLEMS = [
  'excel-exponent', // `1.01235E+09`: Excel dropped digits
  'foreign', //        `+1 415 …`: not a Korean number
  'unreadable', //     anything else
] as const;
export type PhoneProblem = (typeof PHONE_PROBLEMS)[number];

export interface PhoneResult {
  phone: string | null;
  status: PhoneStatus;
  /** More numbers in the cell after the phone: valid ones in national format, others as written. */
  others: readonly string[];
  repairs: readonly PhoneRepair[];
  problem: PhoneProblem | null;
}

const NONE: readonly never[] = Object.freeze([]);
const MISSING: PhoneResult = Object.freeze({ phone: null, status: 'missing', others: NONE, repairs: NONE, problem: null });
const PLACEHOLDER_RESULT: PhoneResult = Object.freeze({ phone: null, status: 'placeholder', others: NONE, repairs: NONE, problem: null });

const CANONICAL_MOBILE = /^010-\d{4}-\d{4}$/;
const MOBILE_WITHOUT_ZERO = /^10(\d{4})(\d{4})$/; // `1012345678`: a fifth of some ledgers
const LEADING_ZERO: readonly PhoneRepair[] = Object.freeze(['leading-zero']);
const PLACEHOLDER = /^[xX×\-.·ㅡ_]+$|^(없음|미상|모름)$/;
const EXPONENT = /^[+-]?\d+(?:\.\d+)?e[+-]?\d+$/i; // `1.01235E+09`
const EXCEL_DECIMAL = /^(\d+)\.0+$/; //              `1012345678.0`

export function normalizePhone(raw: string | undefined): PhoneResult {
  if (raw === undefined) return MISSING;
  if (CANONICAL_MOBILE.test(raw)) return { phone: raw, status: 'valid', others: NONE, repairs: NONE, problem: null };
  const bare = MOBILE_WITHOUT_ZERO.exec(raw);
  if (bare) return { phone: `010-${bare[1]}-${bare[2]}`, status: 'repaired', others: NONE, repairs: LEADING_ZERO, problem: null };
  // A circled or superscript digit (`⑧`, `²`) is not a digit the number was written with: a word, not a digit.
  const folded = foldCell(/\p{No}/u.test(raw) ? raw.replace(/\p{No}/gu, '#') : raw);
  const text = folded.text;
  if (text === null) return MISSING;
  if (PLACEHOLDER.test(text)) return PLACEHOLDER_RESULT;
  const repairs = new Set<PhoneRepair>(folded.folds);
  if (EXPONENT.test(text)) return invalid(repairs, 'excel-exponent');
  let body = text;
  const decimal = EXCEL_DECIMAL.exec(body);
  if (decimal) {
    body = decimal[1]!;
    repairs.add('excel-decimal');
  }
  const cell = splitPhoneCell(body);
  if (cell.stray) return invalid(repairs, 'unreadable');
  const found: ReadNumber[] = [];
  const unread: string[] = [];
  for (const span of cell.spans) {
    const numbers = readSpan(span);
    if (numbers) found.push(...numbers);
    else unread.push(span.text);
  }
  const first = found[0];
  if (first === undefined) return invalid(repairs, cell.spans.some((s) => s.plus && !s.groups.join('').startsWith('82')) ? 'foreign' : 'unreadable');
  const others = [...new Set([...found.slice(1).map((n) => n.phone), ...unread])].filter((p) => p !== first.phone);
  if (cell.label) repairs.add('label');
  if (cell.note) repairs.add('note');
  if (cell.oddSeparator) repairs.add('odd-separator');
  if (first.countryCode) repairs.add('country-code');
  if (first.leadingZero) repairs.add('leading-zero');
  if (others.length > 0) repairs.add('second-number');
  const status: PhoneStatus = first.leadingZero ? 'repaired' : first.phone === raw ? 'valid' : 'reformatted';
  return { phone: first.phone, status, others, repairs: ordered(repairs), problem: null };
}

function invalid(repairs: ReadonlySet<PhoneRepair>, problem: PhoneProblem): PhoneResult {
  return { phone: null, status: 'invalid', others: NONE, repairs: ordered(repairs), problem };
}

function ordered(repairs: ReadonlySet<PhoneRepair>): readonly PhoneRepair[] {
  return repairs.size === 0 ? NONE : PHONE_REPAIRS.filter((r) => repairs.has(r));
}
