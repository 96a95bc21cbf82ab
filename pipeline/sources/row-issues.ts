// Warnings and rejects that several sources raise in the same words.

import type { RowIssue } from '../source.ts';
import type { DateIssue } from '../../transforms/parse-date.ts';
import type { PhoneProblem, PhoneResult } from '../../transforms/normalize-phone.ts';

const DATE_REASONS: Record<DateIssue, string> = {
  DATE_UNPARSEABLE: 'not a date in any form the ledgers use; left empty, the text is kept here',
  DATE_IMPOSSIBLE: 'no such day in the calendar; left empty',
  DATE_YEAR_TYPO: 'the year is missing a digit (204-04-12); left empty',
  DATE_TRUNCATED: 'the day looks cut short (2023-05-1); left empty rather than guessed',
  DATE_IN_FUTURE: 'the date is after today; left empty',
  DATE_BEFORE_OPENING: 'the date is before the center opened; left empty',
  DATE_AMBIGUOUS: 'day and month (or year) could be read either way (12/05/2023); left empty rather than guessed — write it as 2023-05-12',
  DATE_WEEKDAY_MISMATCH: 'the weekday written does not fall on that date; left empty, since either could be the mistake',
};

export function dateWarning(column: string, value: string, issue: DateIssue, reason = DATE_REASONS[issue]): RowIssue {
  return { code: issue, column, value, reason };
}

const PHONE_REASONS: Record<PhoneProblem, string> = {
  'excel-exponent': 'Excel wrote the number in exponent form (1.01235E+09) and lost digits: not recoverable, never guessed; kept as written in phone_raw, phone left empty — re-export the column formatted as text',
  foreign: 'a number with a country code other than +82; kept as written in phone_raw, phone left empty',
  unreadable: 'not one Korean phone number; kept as written in phone_raw, phone left empty',
};

/** 연락처 that is not one phone number (`010-1234`, `030-…`): the row loads without it. */
export function phoneInvalid(value: RowIssue['value'], problem: PhoneProblem | null = 'unreadable', column = '연락처'): RowIssue {
  return { code: 'PHONE_INVALID', column, value, reason: PHONE_REASONS[problem ?? 'unreadable'] };
}

/**
 * The warnings a phone cell raises: PHONE_INVALID, or PHONE_SECOND_NUMBER when the cell holds more numbers
 * than the phone (`010-… / 010-…`): the first valid one is the phone, the rest stay in phone_raw.
 */
export function phoneWarnings(value: string | undefined, phone: PhoneResult, warnings: RowIssue[], column = '연락처'): void {
  if (phone.status === 'invalid') warnings.push(phoneInvalid(value, phone.problem, column));
  else if (phone.others.length > 0) {
    warnings.push({
      code: 'PHONE_SECOND_NUMBER',
      column,
      value,
      reason: `more than one number in the cell; the phone is the first valid one (${phone.phone}), and ${phone.others.join(', ')} is kept in phone_raw only — not used to match or deduplicate`,
    });
  }
}

export function tooLong(column: string, value: string, limit: number): RowIssue {
  return { code: 'FIELD_TOO_LONG', column, value, reason: `${value.length} characters; the column holds ${limit}` };
}

/** A value longer than the plan's column is not cut: it is left out and kept in the warning. */
export function withinLimit(value: string | null, limit: number, column: string, warnings: RowIssue[]): string | null {
  if (value === null || value.length <= limit) return value;
  warnings.push(tooLong(column, value, limit));
  return null;
}
