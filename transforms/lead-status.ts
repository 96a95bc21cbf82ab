// How far a lead got, from what actually happened — dates that parse with an outcome of `held` — never
// from "the cell is not empty" (`X` in 전화상담일 means no call; the old scripts read it as contacted).
// The highest step reached wins: a lead registered without a logged call is still converted.

import type { EventOutcome } from './parse-event-date.ts';

export const LEAD_STATUSES = ['new', 'db_entered', 'phone_consulted', 'visit_consulted', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export interface LeadProgress {
  dbEntryDate: string | null;
  phoneConsult: { date: string | null; outcome: EventOutcome | null };
  /** The reminder call to leads not reached at first (전화상담x 대상 리마인드 연락): reaching them is a phone consultation. */
  reminder: { date: string | null; outcome: EventOutcome | null };
  visitConsult: { date: string | null; outcome: EventOutcome | null };
  registrationDate: string | null;
}

const happened = (e: { date: string | null; outcome: EventOutcome | null }): boolean => e.date !== null && e.outcome === 'held';

export function leadStatus(p: LeadProgress): LeadStatus {
  if (p.registrationDate !== null) return 'converted';
  if (happened(p.visitConsult)) return 'visit_consulted';
  if (happened(p.phoneConsult) || happened(p.reminder)) return 'phone_consulted';
  if (p.dbEntryDate !== null) return 'db_entered';
  return 'new';
}
