// What kits.merge.sql will link, predicted for `inspect`: a kit links only to the one customer with its
// name key; a blocked name, no customer or several go to review.

import type { InspectContext, MergePredictor } from '../source.ts';
import { KIT_STAGING_COLUMNS } from './kits.ts';
import { LastRowPerKey, countReasons, idsByNameKey } from './predict-links.ts';

const at = (c: (typeof KIT_STAGING_COLUMNS)[number]) => KIT_STAGING_COLUMNS.indexOf(c);

export function predictKits(context: InspectContext): MergePredictor {
  const rows = new LastRowPerKey(at('kit_key'), at('line'));
  return {
    observe: (values) => rows.add(values),
    finish() {
      const reasons = [...rows.kept()].map((k) => {
        const blocker = k[at('name_blocker')] as string | null;
        if (blocker) return blocker;
        const byName = idsByNameKey(context.customers, k[at('name_key')]);
        return byName.length === 0 ? 'NO_MATCH' : byName.length > 1 ? 'NAME_AMBIGUOUS' : null;
      });
      return { ...rows.counts(), ...countReasons(reasons, () => true) };
    },
  };
}
