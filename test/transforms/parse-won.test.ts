import { describe, expect, it } from 'vitest';
import { parseWon } from '../../transforms/parse-won.ts';

describe('parseWon', () => {
  it.each([
    ['1,536,000', 1_536_000],
    ['99,000원', 99_000],
    ['9900원', 9_900],
    ['1536000', 1_536_000],
    ['1536000.0', 1_536_000],
    ['-550,000', -550_000],
    ['50만원', 500_000],
    ['9.999.999원', 9_999_999],
    [' 7,920,000 ', 7_920_000],
    ['₩60,000', 60_000],
  ])('%j is %i won', (raw, won) => {
    expect(parseWon(raw)).toEqual({ won, issue: null });
  });

  it.each([
    ['분할결제', 'WON_NOT_AMOUNT'],
    ['1,53,6000', 'WON_MALFORMED'],
    ['10,000 20,000', 'WON_MALFORMED'],
  ])('%j is not an amount (%s)', (raw, issue) => {
    expect(parseWon(raw)).toEqual({ won: null, issue });
  });

  it('gives nothing for a blank cell', () => {
    expect(parseWon('')).toEqual({ won: null, issue: null });
    expect(parseWon(undefined)).toEqual({ won: null, issue: null });
  });
});
