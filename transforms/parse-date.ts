// Every date form the ledgers use, parsed per cell — never by inferring one format for a column (that
// turned 175 of 176 lead entry dates into nulls). A date we cannot trust becomes null with an issue
// code; it is never replaced by "today" or a guess. The cell is folded first (`２０２３－０５－１１`,
// `'2023-05-11`, `2023–05–11`); a time or weekday after the day is read by date-suffix.ts.

import { CELL_FOLDS, foldCell } from './fold-cell.ts';
import { splitDateSuffixes, weekdayOf } from './date-suffix.ts';

export const DATE_FORMS = [
  'excel-datetime', //  `2023-05-11 00:00:00` (Excel's export), also `2023-05-11`
  'dash', //            `2023-5-7` typed by hand
  'dot', //             `2023.05.11`, `2023.5.11`, `2023. 5. 11.`
  'short-dot', //       `23.05.11`
  'slash', //           `2023/05/11`, `2023/5/7 14:30`
  'korean', //          `2023년 5월 11일`, `23년 5월 11일`
  'compact', //         `20230511`
  'excel-serial', //    `45058`, `45058.0`, `45058.625` (days since 1899-12-30) from a raw sheet dump
  'slash-year-last', // `05/13/2023`: only when one reading of day and month is a real date
] as const;
export type DateForm = (typeof DATE_FORMS)[number];

export const DATE_ISSUES = [
  'DATE_UNPARSEABLE', //   `2021년 부터`, `미정`
  'DATE_IMPOSSIBLE', //    `2023-02-30`
  'DATE_YEAR_TYPO', //     `204-04-12`: a digit missing from the year
  'DATE_TRUNCATED', //     `2023-05-1`: padded month, the day cut short
  'DATE_IN_FUTURE', //     after the run's date
  'DATE_BEFORE_OPENING', // before the center opened
  'DATE_AMBIGUOUS', //      `12/05/2023`: 5 December or 12 May? `23/05/11`: which part is the year?
  'DATE_WEEKDAY_MISMATCH', // `2023-05-12 (목)`: the 12th was a Friday; the day or the weekday is wrong
] as const;
export type DateIssue = (typeof DATE_ISSUES)[number];

/** What was done to read the day, beyond its form: the cell folds, and what followed the day. */
export const DATE_REPAIRS = [
  ...CELL_FOLDS,
  'ampm-time', // `2023-05-12 오후 3:04:05`: Korean Excel's date-time (the time is dropped)
  'weekday', //   `2023-05-12 (금)`, ` 금요일` (checked against the day, then dropped)
] as const;
export type DateRepair = (typeof DATE_REPAIRS)[number];

export interface DateResult {
  /** ISO `YYYY-MM-DD`, or null. */
  date: string | null;
  form: DateForm | null;
  issue: DateIssue | null;
  repairs: readonly DateRepair[];
}

export interface DateOptions {
  /** ISO date; later dates are DATE_IN_FUTURE. */
  today?: string;
  /** ISO date; earlier dates are DATE_BEFORE_OPENING. */
  earliest?: string;
  /** The sheet's year, to repair `204-04-12` → 2024-04-12 when the year is known from elsewhere. */
  repairYear?: number;
}

const EXCEL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const DASH = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const YEAR_TYPO = /^(\d{3})[-.](\d{1,2})[-.](\d{1,2})(?: 00:00:00)?$/;
const DOT = /^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const SHORT_DOT = /^(\d{2})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$/;
const SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const KOREAN = /^(\d{4}|\d{2})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/;
const COMPACT = /^(20\d{2})(\d{2})(\d{2})$/;
const SERIAL = /^(\d{5})(?:\.\d+)?$/; //                          `45058.625` is 3 p.m. that day
const YEAR_LAST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/; //     `12/05/2023`, `13.05.2023`
const TWO_DIGIT_PARTS = /^\d{1,2}([/-])\d{1,2}\1\d{2}$/; //      `23/05/11`, `11-05-23`
/** 2000-01-01 and 2099-12-31 as Excel serials: other five-digit numbers are not dates. */
const SERIAL_MIN = 36526;
const SERIAL_MAX = 73415;

const NO_REPAIRS: readonly DateRepair[] = Object.freeze([]);
const NONE: DateResult = Object.freeze({ date: null, form: null, issue: null, repairs: NO_REPAIRS });

type Parsed = Omit<DateResult, 'repairs'>;

/** The center's export, `2023-05-11 00:00:00`: most cells, read without folding or looking for suffixes. */
const EXPORTED = /^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?$/;

export function parseDate(raw: string | undefined, options: DateOptions = {}): DateResult {
  const exported = raw === undefined ? null : EXPORTED.exec(raw);
  if (exported) return bounded(build(exported[1]!, exported[2]!, exported[3]!, 'excel-datetime'), null, options, NO_REPAIRS);
  const folded = foldCell(raw);
  if (folded.text === null) return NONE;
  const parts = splitDateSuffixes(folded.text);
  let repairs = folded.folds as readonly DateRepair[];
  if (parts.meridiem || parts.weekday !== null) {
    repairs = [...repairs, ...(parts.meridiem ? (['ampm-time'] as const) : []), ...(parts.weekday !== null ? (['weekday'] as const) : [])];
  }
  if (parts.badTime || parts.day === '') return withRepairs({ date: null, form: null, issue: 'DATE_UNPARSEABLE' }, repairs);
  return bounded(parseForm(parts.day, options), parts.weekday, options, repairs);
}

/** A parsed day checked against the weekday written beside it and the run's bounds. */
function bounded(result: Parsed, weekday: number | null, options: DateOptions, repairs: readonly DateRepair[]): DateResult {
  if (result.date === null) return withRepairs(result, repairs);
  if (weekday !== null && weekdayOf(result.date) !== weekday) return withRepairs({ date: null, form: result.form, issue: 'DATE_WEEKDAY_MISMATCH' }, repairs);
  if (options.today !== undefined && result.date > options.today) return withRepairs({ date: null, form: result.form, issue: 'DATE_IN_FUTURE' }, repairs);
  if (options.earliest !== undefined && result.date < options.earliest) return withRepairs({ date: null, form: result.form, issue: 'DATE_BEFORE_OPENING' }, repairs);
  return withRepairs(result, repairs);
}

/** An object literal, not a spread: this runs for every date cell, and V8 spreads slowly. */
function withRepairs(r: Parsed, repairs: readonly DateRepair[]): DateResult {
  return { date: r.date, form: r.form, issue: r.issue, repairs: repairs.length ? repairs : NO_REPAIRS };
}

function parseForm(text: string, options: DateOptions): Parsed {
  let m = EXCEL_DATETIME.exec(text);
  if (m) return build(m[1]!, m[2]!, m[3]!, 'excel-datetime');
  if ((m = DASH.exec(text))) {
    // Excel pads both parts; a padded month with a one-digit day is a cut-off `2023-05-1x`.
    if (m[2]!.length === 2 && m[3]!.length === 1) return { date: null, form: 'dash', issue: 'DATE_TRUNCATED' };
    return build(m[1]!, m[2]!, m[3]!, 'dash');
  }
  if ((m = DOT.exec(text))) return build(m[1]!, m[2]!, m[3]!, 'dot');
  if ((m = SHORT_DOT.exec(text))) return build(`20${m[1]}`, m[2]!, m[3]!, 'short-dot');
  if ((m = SLASH.exec(text))) return build(m[1]!, m[2]!, m[3]!, 'slash');
  // `23년 5월 11일`: a two-digit year is this century (the center opened in the 2020s).
  if ((m = KOREAN.exec(text))) return build(m[1]!.length === 2 ? `20${m[1]}` : m[1]!, m[2]!, m[3]!, 'korean');
  if ((m = COMPACT.exec(text))) return build(m[1]!, m[2]!, m[3]!, 'compact');
  if ((m = SERIAL.exec(text))) {
    const serial = Number(m[1]);
    if (serial < SERIAL_MIN || serial > SERIAL_MAX) return { date: null, form: null, issue: 'DATE_UNPARSEABLE' };
    return { date: fromExcelSerial(serial), form: 'excel-serial', issue: null };
  }
  if ((m = YEAR_LAST.exec(text))) return yearLast(Number(m[1]), Number(m[3]), m[4]!);
  if (TWO_DIGIT_PARTS.test(text)) return { date: null, form: null, issue: 'DATE_AMBIGUOUS' };
  if ((m = YEAR_TYPO.exec(text))) {
    const year = options.repairYear;
    if (year !== undefined && isYearMissingOneDigit(m[1]!, year)) {
      const repaired = build(String(year), m[2]!, m[3]!, 'excel-datetime');
      return repaired.date ? { ...repaired, issue: 'DATE_YEAR_TYPO' } : repaired;
    }
    return { date: null, form: null, issue: 'DATE_YEAR_TYPO' };
  }
  return { date: null, form: null, issue: 'DATE_UNPARSEABLE' };
}

/**
 * `05/13/2023` is 13 May (there is no month 13), `13/05/2023` too; `12/05/2023` could be either and is not
 * guessed; `05/05/2023` is the same day both ways.
 */
function yearLast(first: number, second: number, year: string): Parsed {
  const monthFirst = build(year, String(first), String(second), 'slash-year-last');
  const dayFirst = build(year, String(second), String(first), 'slash-year-last');
  if (monthFirst.date && dayFirst.date && monthFirst.date !== dayFirst.date) return { date: null, form: 'slash-year-last', issue: 'DATE_AMBIGUOUS' };
  return monthFirst.date ? monthFirst : dayFirst;
}

/** `204` is 2024 with one digit dropped; so is `224`; `199` is not 2024. */
function isYearMissingOneDigit(three: string, year: number): boolean {
  const full = String(year);
  for (let i = 0; i < full.length; i++) if (full.slice(0, i) + full.slice(i + 1) === three) return true;
  return false;
}

function build(y: string, mo: string, d: string, form: DateForm): Parsed {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { date: null, form, issue: 'DATE_IMPOSSIBLE' };
  return { date: `${y.padStart(4, '0')}-${pad2(month)}-${pad2(day)}`, form, issue: null };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Excel's day 1 is 1900-01-01 but it counts a 1900-02-29 that never was, so serials count from 1899-12-30. */
export function fromExcelSerial(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** Today's date in Asia/Seoul (the center's calendar), as ISO. */
export function todayInSeoul(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
