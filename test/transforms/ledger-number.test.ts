import { describe, expect, it } from 'vitest';
import { createLedgerNumberCheck } from '../../transforms/ledger-number.ts';

describe('createLedgerNumberCheck', () => {
  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['12.0', 12],
    ['951', 951],
  ])('%j → %d', (raw, n) => {
    expect(createLedgerNumberCheck()(raw)).toEqual({ ledgerNo: n });
  });

  it.each([
    ['１２', 12],
    ["'12", 12],
    ['12\u200b', 12],
    ['１２.０', 12],
  ])('full-width and Excel forms: %j → %d', (raw, n) => {
    expect(createLedgerNumberCheck()(raw)).toEqual({ ledgerNo: n });
  });

  it('a full-width number is the same number as its ASCII form: used twice is a duplicate', () => {
    const check = createLedgerNumberCheck();
    expect(check('12')).toEqual({ ledgerNo: 12 });
    const again = check('１２');
    expect('issue' in again && again.issue.code).toBe('LEDGER_NUMBER_DUPLICATE');
    expect('issue' in again && again.issue.value).toBe('１２'); // the value as written
  });

  it.each([
    ['', 'LEDGER_NUMBER_MISSING'],
    ['12a', 'LEDGER_NUMBER_INVALID'],
    ['-3', 'LEDGER_NUMBER_INVALID'],
    ['0', 'LEDGER_NUMBER_INVALID'],
    ['1.5', 'LEDGER_NUMBER_INVALID'],
    ['합계', 'LEDGER_NUMBER_INVALID'],
  ])('%j is rejected with %s', (raw, code) => {
    const result = createLedgerNumberCheck()(raw);
    expect('issue' in result && result.issue.code).toBe(code);
  });

  it('rejects a number used twice, however far apart and however large', () => {
    const check = createLedgerNumberCheck();
    expect(check('5')).toEqual({ ledgerNo: 5 });
    for (let n = 6; n < 100_000; n += 7) check(String(n));
    expect(check('5000000')).toEqual({ ledgerNo: 5_000_000 });
    const again = check('5');
    expect('issue' in again && again.issue.code).toBe('LEDGER_NUMBER_DUPLICATE');
    const againLarge = check('5000000');
    expect('issue' in againLarge && againLarge.issue.code).toBe('LEDGER_NUMBER_DUPLICATE');
  });
});
