// What revenue-summary.merge.sql will do on an empty database, predicted for `inspect`: every yearly
// block loads; there is no customer to link and nothing to merge.

import type { MergePredictor } from '../source.ts';

export function predictRevenueSummary(): MergePredictor {
  const rows = new Set<string>();
  return {
    observe: (values) => void rows.add(`${values[0]}`),
    finish: () => ({ loaded: rows.size, merged: 0, review: 0, reviewByReason: {} }),
  };
}
