// Warnings for the cell parsers that leads (and later payments) share: event/date cells, yes/no
// markers and money. Each names the column and keeps the value as written.

import type { RowIssue } from '../source.ts';
import { cleanMultiline } from '../../transforms/clean-text.ts';
import { parseEventCell, type EventIssue, type EventOptions, type EventOutcome } from '../../transforms/parse-event-date.ts';
import type { MoneyIssue } from '../../transforms/parse-money.ts';
import { dateWarning } from './row-issues.ts';

const EVENT_REASONS: Partial<Record<EventIssue, string>> = {
  DATE_NO_YEAR: 'a month and day (`3/5`) with no entry date to take the year from; the date is left empty',
  EVENT_UNCLEAR: 'neither a date nor a word we know (X, 무응답, 취소, 노쇼, 예정 …); kept as written, not read as "happened"',
};

/** An event cell (`방문취소/2024.03.02`): its date, outcome and text as written, plus one warning per odd line. */
export function eventCell(
  column: string,
  raw: string | undefined,
  options: EventOptions,
  warnings: RowIssue[],
): { date: string | null; outcome: EventOutcome | null; raw: string | null } {
  const cell = parseEventCell(raw, options);
  for (const { issue, text } of cell.issues) {
    const reason = EVENT_REASONS[issue];
    warnings.push(reason ? { code: issue, column, value: text, reason } : dateWarning(column, text, issue as Exclude<EventIssue, 'DATE_NO_YEAR' | 'EVENT_UNCLEAR'>));
  }
  return { date: cell.date, outcome: cell.outcome, raw: cleanMultiline(raw) };
}

export function markerWarning(column: string, value: string): RowIssue {
  return { code: 'MARKER_UNREADABLE', column, value, reason: 'not a yes/no marker (O, X, Y, N, 예, `가격 안내 O`); left empty' };
}

const MONEY_REASONS: Record<MoneyIssue, string> = {
  MONEY_NOT_AMOUNT: 'words instead of an amount (분할결제); the amount is left empty and the words kept as a note',
  MONEY_MALFORMED: 'digits, but not one well-formed amount (1,53,6000); left empty and kept as a note',
};

export function moneyWarning(column: string, value: string, issue: MoneyIssue): RowIssue {
  return { code: issue, column, value, reason: MONEY_REASONS[issue] };
}
