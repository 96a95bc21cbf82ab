// memoizeCell: a rule runs once per distinct cell text, the cache stays bounded, and neither the cache nor
// a result keeps the large decoded chunk a cell was sliced from (the 1M-row usage load grew by 120 MB of
// RSS when it did).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { memoizeCell } from '../../transforms/memoize.ts';

describe('memoizeCell', () => {
  it('runs the rule once per distinct text and gives the same answer', () => {
    let calls = 0;
    const upper = memoizeCell((raw) => {
      calls++;
      return raw?.toUpperCase() ?? null;
    });
    expect(['a', 'b', 'a', 'a', 'b'].map(upper)).toEqual(['A', 'B', 'A', 'A', 'B']);
    expect(calls).toBe(2);
    expect(upper(undefined)).toBeNull();
  });

  it('remembers a null or undefined answer too', () => {
    let calls = 0;
    const nothing = memoizeCell(() => {
      calls++;
      return undefined;
    });
    nothing('x');
    nothing('x');
    expect(calls).toBe(1);
  });

  it('starts over when full, so it never holds more than its limit', () => {
    let calls = 0;
    const rule = memoizeCell((raw) => {
      calls++;
      return raw;
    }, 3);
    for (const text of ['a', 'b', 'c', 'd', 'a']) rule(text);
    // a, b, c fill it; d starts a new cache; a is then computed again
    expect(calls).toBe(5);
    rule('d');
    expect(calls).toBe(5);
  });

  it('keeps neither the text a cell was sliced from nor lets a result keep it', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // The rule keeps its input inside the result, as parsePackageLine keeps the line's text.
    const rule = memoizeCell((raw) => ({ text: raw }), 1000);
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: unknown[] = [];
    for (let k = 0; k < 100; k++) {
      // 1 MB of text in one piece, as the decoder hands the CSV parser a chunk
      const chunk = Buffer.from(`${k}|${'가'.repeat(500_000)}`).toString('utf8');
      kept.push(rule(chunk.slice(0, 40)));
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(kept).toHaveLength(100);
    // 100 chunks of 1 MB would be 100 MB; the 100 small copies are a few kB.
    expect(grown).toBeLessThan(10 * 1024 * 1024);
  });
});
