// What sessions.merge.sql will do, predicted for `inspect`: every usage row (file, line) is loaded with
// its sessions, linked by etl.match_customer on its name and 고객정보 phone, or kept for review.

import type { InspectContext, MergePredictor } from '../source.ts';
import { USAGE_STAGING_COLUMNS } from './sessions-rows.ts';
import { columnPositions, countReasons } from './predict-links.ts';
import { matchReason } from './match-customer.ts';

const at = columnPositions(() => USAGE_STAGING_COLUMNS);

export function predictSessions(context: InspectContext): MergePredictor {
  // Sessions of one row share its name and phone; the first session (seq order) speaks for the row.
  const rows = new Map<string, { seq: number; reason: string | null }>();
  return {
    observe(values) {
      const key = `${values[at('source_file')]}\u0000${values[at('line')]}`;
      const seq = values[at('seq')] as number;
      const kept = rows.get(key);
      if (kept && kept.seq <= seq) return;
      rows.set(key, { seq, reason: matchReason(context.customers, values[at('name_key')], values[at('phone')], values[at('match_blocker')]) });
    },
    finish: () => ({ loaded: rows.size, merged: 0, ...countReasons([...rows.values()].map((r) => r.reason), () => true) }),
  };
}
