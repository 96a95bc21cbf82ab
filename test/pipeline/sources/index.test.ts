import { describe, expect, it } from 'vitest';
import { SOURCE_NAMES, findSource } from '../../../pipeline/sources/index.ts';

describe('source registry', () => {
  it('loads customers first, then the sheets that link to them, and the revenue summary after the payments it is compared with', () => {
    const at = (name: string) => SOURCE_NAMES.indexOf(name);
    for (const name of ['customers', 'sessions', 'payments', 'revenue-summary']) expect(at(name), name).toBeGreaterThanOrEqual(0);
    expect(at('customers')).toBeLessThan(at('sessions'));
    expect(at('customers')).toBeLessThan(at('payments'));
    expect(at('payments')).toBeLessThan(at('revenue-summary'));
  });

  it('reads the monthly sheets from folders and the summary from one file', () => {
    expect(findSource('sessions')?.input).toEqual({ kind: 'dir', dir: '이용현황' });
    expect(findSource('payments')?.input).toEqual({ kind: 'dir', dir: '결제현황' });
    expect(findSource('revenue-summary')?.input).toEqual({ kind: 'file', file: '2025년_결제현황.csv' });
  });
});
