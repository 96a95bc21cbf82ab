// Shared pieces of the link predictions (for `inspect`): the last row of each natural key wins, as in the
// merges' DISTINCT ON (key) … ORDER BY line DESC, and candidate lookups in the customer directory.

import type { CopyValue } from '../../sinks/copy-text.ts';
import type { CustomerDirectory, MergePrediction } from '../source.ts';

/**
 * A staging column's position by name (`at('phone')` → 3), from a map built on the first call, not per
 * row. Built lazily because `columns` comes from the source module that imports its predictor: at the
 * time this is called, the array may not be initialized yet.
 */
export function columnPositions<const C extends readonly string[]>(columns: () => C): (column: C[number]) => number {
  let positions: Map<string, number> | undefined;
  return (column) => (positions ??= new Map(columns().map((c, i) => [c, i]))).get(column)!;
}

/** Keeps the staged row with the highest line per key; counts the rows folded into another. */
export class LastRowPerKey {
  private readonly rows = new Map<string, readonly CopyValue[]>();
  private seen = 0;

  constructor(
    private readonly keyIndex: number,
    private readonly lineIndex: number,
  ) {}

  add(values: readonly CopyValue[]): void {
    this.seen++;
    const key = String(values[this.keyIndex]);
    const kept = this.rows.get(key);
    if (!kept || (kept[this.lineIndex] as number) < (values[this.lineIndex] as number)) this.rows.set(key, values);
  }

  kept(): Iterable<readonly CopyValue[]> {
    return this.rows.values();
  }

  /** loaded / merged for a prediction; review is the caller's. */
  counts(): Pick<MergePrediction, 'loaded' | 'merged'> {
    return { loaded: this.rows.size, merged: this.seen - this.rows.size };
  }
}

export function idsByNameKey(directory: CustomerDirectory | null, key: CopyValue): number[] {
  return typeof key === 'string' ? (directory?.byNameKey.get(key) ?? []) : [];
}

export function idsByPhone(directory: CustomerDirectory | null, phone: CopyValue): number[] {
  return typeof phone === 'string' ? (directory?.byPhone.get(phone) ?? []) : [];
}

export function countReasons(reasons: readonly (string | null)[], inReview: (reason: string) => boolean): Pick<MergePrediction, 'review' | 'reviewByReason'> {
  const reviewByReason: Record<string, number> = {};
  for (const r of reasons) if (r !== null && inReview(r)) reviewByReason[r] = (reviewByReason[r] ?? 0) + 1;
  return { review: Object.values(reviewByReason).reduce((a, b) => a + b, 0), reviewByReason };
}
