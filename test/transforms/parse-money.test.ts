import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../transforms/parse-money.ts';

describe('parseMoney', () => {
  it.each([
    ['1536000', 1_536_000, 'plain'],
    ['1536000.0', 1_536_000, 'plain'],
    ['9900', 9_900, 'plain'],
    ['0', 0, 'plain'],
    ['1,536,000', 1_536_000, 'comma'],
    ['99,000원', 99_000, 'comma'],
    ['99,000 원', 99_000, 'comma'],
    ['9900원', 9_900, 'plain'],
    ['₩1,536,000', 1_536_000, 'comma'],
    ['50만원', 500_000, 'man'],
    ['50만', 500_000, 'man'],
    ['1.5만원', 15_000, 'man'],
    ['2.3만원', 23_000, 'man'],
    ['1,200만원', 12_000_000, 'man'],
    ['3만5천원', 35_000, 'man'],
    ['3만 5,000원', 35_000, 'man'],
    ['9.999.999원', 9_999_999, 'dot-group'],
    ['100.000', 100_000, 'dot-group'],
    ['-550,000', -550_000, 'comma'],
    ['(550,000)', -550_000, 'comma'],
    ['-₩550,000', -550_000, 'comma'],
    ['-9900원', -9_900, 'plain'],
    [' 7,920,000 ', 7_920_000, 'comma'],
  ])('%j → %d won (%s)', (raw, won, form) => {
    expect(parseMoney(raw)).toEqual({ won, form, issue: null, note: null, repairs: [] });
  });

  // Amounts typed with the Korean IME or copied from elsewhere: folded, then read as above.
  it.each([
    ['１２０,０００원', 120_000, 'comma', ['full-width']],
    ['１２００００', 120_000, 'plain', ['full-width']],
    ['９，９００원', 9_900, 'comma', ['full-width']], // a full-width comma too
    ['￦9,900', 9_900, 'comma', ['full-width']],
    ['￦ １,５３６,０００', 1_536_000, 'comma', ['full-width']],
    ['9,900₩', 9_900, 'comma', []],
    ['₩ 9,900 원', 9_900, 'comma', []],
    ['－５５０,０００', -550_000, 'comma', ['full-width', 'dash']],
    ['−550,000', -550_000, 'comma', ['dash']], // the minus sign
    ['–550,000원', -550_000, 'comma', ['dash']], // en dash typed for a minus
    ['（５５０,０００）', -550_000, 'comma', ['full-width']],
    ['５０만원', 500_000, 'man', ['full-width']],
    ["'1536000", 1_536_000, 'plain', ['excel-apostrophe']],
    ['1\u00a0536\u00a0000', null, null, ['space']], // spaces as thousands separators are not a form we read
  ])('full-width and look-alike forms: %j → %s (%s, %j)', (raw, won, form, repairs) => {
    const result = parseMoney(raw);
    expect({ won: result.won, form: result.form, repairs: result.repairs }).toEqual({ won, form, repairs });
  });

  it.each([
    ['분할결제', 'MONEY_NOT_AMOUNT'],
    ['무료', 'MONEY_NOT_AMOUNT'],
    ['카드', 'MONEY_NOT_AMOUNT'],
    ['1,53,6000', 'MONEY_MALFORMED'],
    ['99,000.5원', 'MONEY_MALFORMED'],
    ['1.5원', 'MONEY_MALFORMED'],
    ['10,000 20,000', 'MONEY_MALFORMED'],
    ['1.23456만원', 'MONEY_MALFORMED'],
    ['3만 12,000원', 'MONEY_MALFORMED'],
    ['99,000원 (카드)', 'MONEY_MALFORMED'],
  ])('%j is not an amount: null, %s, the text kept as the note', (raw, issue) => {
    expect(parseMoney(raw)).toEqual({ won: null, form: null, issue, note: raw, repairs: [] });
  });

  it.each([[undefined], [''], ['   ']])('%j is no amount and no issue', (raw) => {
    expect(parseMoney(raw)).toEqual({ won: null, form: null, issue: null, note: null, repairs: [] });
  });

  it('reads back every whole amount written plain, with commas, dot groups or 원', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.constantFrom('plain', 'comma', 'dot', 'won'), (won, style) => {
        const digits = String(Math.abs(won));
        const grouped = (sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        const body = style === 'plain' ? digits : style === 'comma' ? grouped(',') : style === 'dot' ? grouped('.') : `${grouped(',')}원`;
        expect(parseMoney(`${won < 0 ? '-' : ''}${body}`).won).toBe(won);
      }),
    );
  });
});
