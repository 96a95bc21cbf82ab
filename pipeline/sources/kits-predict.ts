// What kits.merge.sql will link, predicted for `inspect`: etl.match_customer on the name alone (the kit
// list has no phone); a blocked name, no customer or several go to review.

import type { InspectContext, MergePredictor } from '../source.ts';
import { KIT_STAGING_COLUMNS } from './kits.ts';
import { columnPositions, countReasons, LastRowPerKey } from './predict-links.ts';
import { matchReason } from './match-customer.ts';

const at = columnPositions(() => KIT_STAGING_COLUMNS);

export function predictKits(context: InspectContext): MergePredictor {
  const rows = new LastRowPerKey(at('kit_key'), at('line'));
  return {
    observe: (values) => rows.add(values),
    finish() {
      const reasons = [...rows.kept()].map((k) => matchReason(context.customers, k[at('name_key')], null, k[at('name_blocker')]));
      return { ...rows.counts(), ...countReasons(reasons, () => true) };
    },
  };
}
