// What leads.merge.sql will link, predicted for `inspect` with the same rules in the same order: the
// same phone and name → linked; a family phone, namesakes, a unique name with another phone or with no
// second signal (district, age, first visit within 30 days) → review; no customer at all → unlinked.

import type { CopyValue } from '../../sinks/copy-text.ts';
import type { CustomerDirectory, InspectContext, MergePredictor } from '../source.ts';
import { sharePlace } from '../../transforms/region-places.ts';
import { LEAD_STAGING_COLUMNS } from './leads.ts';
import { columnPositions, countReasons, idsByNameKey, idsByPhone, LastRowPerKey } from './predict-links.ts';

const at = columnPositions(() => LEAD_STAGING_COLUMNS);
const DAY = 86_400_000;

const withinDays = (a: CopyValue, b: string | null, days: number): boolean =>
  typeof a === 'string' && b !== null && Math.abs(Date.parse(a) - Date.parse(b)) / DAY <= days;

export function leadLinkReason(lead: readonly CopyValue[], directory: CustomerDirectory | null): string | null {
  const blocker = lead[at('name_blocker')] as string | null;
  if (blocker) return blocker;
  const byPhone = idsByPhone(directory, lead[at('phone')]);
  const byName = idsByNameKey(directory, lead[at('name_key')]);
  const byPhoneAndName = byPhone.filter((id) => byName.includes(id));
  if (byPhoneAndName.length === 1) return null;
  if (byPhoneAndName.length > 1) return 'PHONE_AND_NAME_SHARED';
  if (byPhone.length > 0) return 'PHONE_NAME_DIFFERS';
  if (byName.length === 0) return lead[at('status')] === 'converted' ? 'NO_MATCH_REGISTERED' : 'NO_MATCH';
  if (byName.length > 1) return 'NAME_AMBIGUOUS';
  const customer = directory!.facts.get(byName[0]!)!;
  if (lead[at('phone')] !== null && customer.phone !== null) return 'PHONE_DIFFERS';
  const birthYear = lead[at('birth_year')] as number | null;
  const visit = lead[at('visit_consult_outcome')] === 'held' ? lead[at('visit_consult_date')] : null;
  const agrees =
    sharePlace(lead[at('region')] as string | null, customer.region) ||
    (birthYear !== null && customer.birthYear !== null && Math.abs(birthYear - customer.birthYear) <= 1) ||
    withinDays(lead[at('registration_date')], customer.firstVisit, 30) ||
    withinDays(visit, customer.firstVisit, 30);
  return agrees ? null : 'NAME_ONLY';
}

export function predictLeads(context: InspectContext): MergePredictor {
  const rows = new LastRowPerKey(at('lead_key'), at('line'));
  return {
    observe: (values) => rows.add(values),
    finish() {
      const reasons = [...rows.kept()].map((lead) => leadLinkReason(lead, context.customers));
      return { ...rows.counts(), ...countReasons(reasons, (r) => r !== 'NO_MATCH') };
    },
  };
}
