// Every problem a decision file has, gathered before anything is applied and reported at once: the first
// as the error's code and line, all of them in its message, so one round of fixes in Excel is enough.

import { EtlError, type ErrorCode } from '../errors.ts';

export interface DecisionIssue {
  code: ErrorCode;
  line: number;
  message: string;
}

/** What to do, per code, when that code comes first. */
const HINTS: Partial<Record<ErrorCode, string>> = {
  DECISION_FILE_HEADER: 'apply the file `review --export` wrote, with its first line unchanged (source, name, phone, … decision)',
  DECISION_VALUE_INVALID: 'write a customer id (as the candidates column and the center\'s app show it, e.g. 12), ignore (제외, 무시), or leave the cell blank',
  DECISION_CUSTOMER_UNKNOWN: 'use a customer id from the candidates column or the center\'s app',
  DECISION_CASE_GONE: 'export the review list again (review --export FILE) and decide on the new file',
  DECISION_CASE_AMBIGUOUS: 'decide this case in the sheet itself (write the name so it tells the two apart), then reload it',
  DECISION_DUPLICATE: 'keep one decision per case and clear the other cell',
  DECISION_PHONE_CONFLICT: 'check the customer id; if it is right, fix the phone in the sheet or the master and reload first',
};

/** Throws one error naming every issue (first by line), or returns when there is none. */
export function throwIssues(file: string, issues: readonly DecisionIssue[]): void {
  if (issues.length === 0) return;
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  const [first, ...rest] = sorted as [DecisionIssue, ...DecisionIssue[]];
  const more = rest.length === 0 ? '' : `; ${rest.length} more: ${rest.slice(0, 20).map((i) => `line ${i.line} ${i.code} (${i.message})`).join('; ')}${rest.length > 20 ? '; …' : ''}`;
  throw new EtlError(first.code, `${first.message}${more}; nothing was applied`, { place: { file, line: first.line }, hint: HINTS[first.code] });
}
