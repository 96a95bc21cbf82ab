import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../transforms/normalize-phone.ts';

describe('normalizePhone', () => {
  it.each([
    // already right
    ['010-1234-5678', '010-1234-5678', 'valid'],
    // Excel stored it as a number and dropped the 0: prepend it, same digits
    ['1012345678', '010-1234-5678', 'repaired'],
    ['1098765432', '010-9876-5432', 'repaired'],
    [' 1055556666 ', '010-5555-6666', 'repaired'],
    // same digits, other punctuation
    ['01012345678', '010-1234-5678', 'reformatted'],
    ['0101234-5678', '010-1234-5678', 'reformatted'],
    ['010-12345678', '010-1234-5678', 'reformatted'],
    ['010 1234 5678', '010-1234-5678', 'reformatted'],
    ['\t010-1234-5678', '010-1234-5678', 'reformatted'],
    ['010.1234.5678', '010-1234-5678', 'reformatted'],
    ['+82 10-1234-5678', '010-1234-5678', 'reformatted'],
    // the trunk 0 written after the country code is that 0, not a digit to add another 0 to (was `001012345678`)
    ['+82 010-1234-5678', '010-1234-5678', 'reformatted'],
    ['+82 (0)10-1234-5678', '010-1234-5678', 'reformatted'],
    ['+82 02-123-4567', '02-123-4567', 'reformatted'],
    // landlines, internet phones, nationwide numbers
    ['02-123-4567', '02-123-4567', 'valid'],
    ['0212345678', '02-1234-5678', 'reformatted'],
    ['031-123-4567', '031-123-4567', 'valid'],
    ['07012345678', '070-1234-5678', 'reformatted'],
    ['1588-1234', '1588-1234', 'valid'],
    // not one number: kept raw by the caller, never rewritten
    ['010-1234-56789', null, 'invalid'],
    ['0101234567890', null, 'invalid'],
    ['010-12-34', null, 'invalid'],
    ['12345', null, 'invalid'],
    ['010-1234-5678 (딸)', null, 'invalid'],
    ['2012345678', null, 'invalid'],
    // the ledger's "no phone"
    ['X', null, 'placeholder'],
    ['x', null, 'placeholder'],
    ['-', null, 'placeholder'],
    ['', null, 'missing'],
    ['   ', null, 'missing'],
  ])('%j → %j (%s)', (raw, phone, status) => {
    expect(normalizePhone(raw)).toEqual({ phone, status });
  });

  it('never changes the digits of a number it accepts', () => {
    for (let i = 0; i < 2000; i++) {
      const digits = `10${String(i * 4_999_999 + 10_000_001).slice(-8)}`;
      const result = normalizePhone(digits);
      expect(result.status).toBe('repaired');
      expect(result.phone!.replace(/-/g, '')).toBe(`0${digits}`);
    }
  });

  it('treats undefined as missing', () => {
    expect(normalizePhone(undefined)).toEqual({ phone: null, status: 'missing' });
  });
});
