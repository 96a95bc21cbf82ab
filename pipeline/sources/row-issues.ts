// Warnings and rejects that several sources raise in the same words.

import type { RowIssue } from '../source.ts';
import type { DateIssue } from '../../transforms/parse-date.ts';

const DATE_REASONS: Record<DateIssue, string> = {
  DATE_UNPARSEABLE: 'not a date in any form the ledgers use; left empty, the text is kept here',
  DATE_IMPOSSIBLE: 'no such day in the calendar; left empty',
  DATE_YEAR_TYPO: 'the year is missing a digit (204-04-12); left empty',
  DATE_TRUNCATED: 'the day looks cut short (2023-05-1); left empty rather than guessed',
  DATE_IN_FUTURE: 'the date is after today; left empty',
  DATE_BEFORE_OPENING: 'the date is before the center opened; left empty',
};

export function dateWarning(column: string, value: string, issue: DateIssue, reason = DATE_REASONS[issue]): RowIssue {
  return { code: issue, column, value, reason };
}

/** 연락처 that is not one phone number (`010-1234`, two numbers in one cell): the row loads without it. */
export function phoneInvalid(value: RowIssue['value']): RowIssue {
  return { code: 'PHONE_INVALID', column: '연락처', value, reason: 'not one phone number; kept as written in phone_raw, phone left empty' };
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
