// Ages as the lead list writes them: `34세`, `34살`, `만 34세`, `34`. An age band (`40대`) or anything
// outside 1–120 is not an age: null with an issue, never a guess. Folded first: `３４세`.

import { foldText } from './fold-cell.ts';

export type AgeIssue = 'AGE_UNREADABLE';

const AGE = /^(?:만\s*)?(\d{1,3})\s*(?:세|살)?$/;

export function parseAge(raw: string | undefined): { age: number | null; issue: AgeIssue | null } {
  const text = foldText(raw);
  if (text === null) return { age: null, issue: null };
  const m = AGE.exec(text);
  const age = m ? Number(m[1]) : NaN;
  return age >= 1 && age <= 120 ? { age, issue: null } : { age: null, issue: 'AGE_UNREADABLE' };
}
