// What payments.merge.sql will do on an empty database, predicted for `inspect`: one payment per natural
// key (customer, date, amount, program, occurrence within its sheet) — the first sheet by name wins, the
// copies in other sheets (the 전체 결제대장) are duplicates — each row linked by name alone or reviewed.

import type { InspectContext, MergePredictor } from '../source.ts';
import { PAYMENT_STAGING_COLUMNS } from './payments.ts';
import { columnPositions, countReasons } from './predict-links.ts';
import { matchReason } from './match-customer.ts';

const at = columnPositions(() => PAYMENT_STAGING_COLUMNS);

export function predictPayments(context: InspectContext): MergePredictor {
  const occurrences = new Map<string, number>();
  const keys = new Set<string>();
  const reasons: (string | null)[] = [];
  return {
    observe(values) {
      const key = [at('customer_key'), at('payment_date'), at('amount'), at('program_key')].map((i) => String(values[i])).join('\u0000');
      // Rows arrive in line order within a sheet: the n-th copy of a key in a sheet is occurrence n.
      const inSheet = `${values[at('source_file')]}\u0000${key}`;
      const occurrence = (occurrences.get(inSheet) ?? 0) + 1;
      occurrences.set(inSheet, occurrence);
      keys.add(`${key}\u0000${occurrence}`);
      reasons.push(matchReason(context.customers, values[at('name_key')], null, values[at('match_blocker')]));
    },
    finish: () => ({ loaded: keys.size, merged: reasons.length - keys.size, ...countReasons(reasons, () => true) }),
  };
}
