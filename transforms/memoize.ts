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
    const value = rule(raw);
    if (cache.size >= limit) cache = new Map();
    cache.set(raw, value);
    return value;
  };
}
