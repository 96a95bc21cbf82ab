import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhoneCell, maskPhonesInText } from '../../transforms/mask-phone.ts';

describe('maskPhone', () => {
  it.each([
    ['010-1234-5678', '010-****-5678'],
    ['1012345678', '******5678'],
    ['02-123-4567', '02-***-4567'],
    ['010.1234.5678', '010.****.5678'],
  ])('%j → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('maskPhonesInText', () => {
  it.each([
    ['딸 번호 010.1234.5678 입니다', '딸 번호 010.****.5678 입니다'],
    ['1012345678,김민지', '******5678,김민지'],
    ['연락처 010-1234-56789', '연락처 010-****-*6789'],
    ['+82 10-1234-5678', '+** **-****-5678'],
  ])('masks %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked);
  });

  it.each(['20261126T134741Z-a096', '2023-05-11 00:00:00', '45058', '매출 120891000', '1,536,000원', '번호 951', '"streamSeconds": 10.468574843', '12.4685739', '1.0123456789'])('leaves %j alone', (text) => {
    expect(maskPhonesInText(text)).toBe(text);
  });
});

describe('maskPhonesInText on every form the ledgers write', () => {
  it.each([
    ['0101234-5678', '*******-5678'],
    ['010-12345678', '010-****5678'],
    ['010 1234 5678', '010 **** 5678'],
    ['01012345678', '*******5678'],
  ])('masks %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked);
  });
});

describe('maskPhonesInText on phones as people type them', () => {
  it.each([
    ['０１０－１２３４－５６７８', '010-****-5678'],
    ['HP 010–1234–5678 (딸)', 'HP 010-****-5678 (딸)'],
    ['010·1234·5678', '010.****.5678'],
    ['010ㆍ1234ㆍ5678 / 저녁에만', '010.****.5678 / 저녁에만'],
    ['+82 010-1234-5678', '+** ***-****-5678'],
    ['82-10-1234-5678', '82-**-****-5678'],
    ['1012345678.0', '******5678.0'],
    ['연락처: ０１０１２３４５６７８ 입니다', '연락처: *******5678 입니다'],
  ])('masks %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked);
  });
});

describe('maskPhoneCell (a phone column in inspect)', () => {
  it.each([
    ['212345678', '*****5678'],
    ['3112345678', '******5678'],
    ['HP 010-1234-5678 (딸)', 'HP 010-****-5678 (딸)'],
    ['1.01235E+09', '1.01235E+09'], // the digits Excel kept are fewer than a phone's
    ['X', 'X'],
  ])('masks %j as %j', (text, masked) => {
    expect(maskPhoneCell(text)).toBe(masked);
  });
});
