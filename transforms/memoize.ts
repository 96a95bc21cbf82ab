// Cell rules are pure, and most columns hold few distinct values (a region, a route, a date: `서울 강서구`
// appears in a fifth of the rows), so remembering recent answers skips the regexes for most cells. The
// cache is bounded and starts over when full, so memory does not grow with the file. Results are shared
// between rows: callers read them, never change them.

export function memoizeCell<R>(rule: (raw: string | undefined) => R, limit = 4096): (raw: string | undefined) => R {
  let cache = new Map<string, R>();
  return (raw) => {
    if (raw === undefined) return rule(raw);
    const hit = cache.get(raw);
    if (hit !== undefined || cache.has(raw)) return hit as R;
    // A cell read by the CSV parser is a slice of the whole decoded chunk it came from (64 KiB of text):
    // kept as a key, or inside a result, it would keep that chunk alive. The rule reads a copy instead.
    const key = detach(raw);
    const value = rule(key);
    if (cache.size >= limit) cache = new Map();
    cache.set(key, value);
    return value;
  };
}

/** The same text in its own memory, not a view into a larger string (V8 flattens the concatenation). */
function detach(text: string): string {
  return ` ${text}`.slice(1);
}
