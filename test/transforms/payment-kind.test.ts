import { describe, expect, it } from 'vitest';
import { paymentMethod, paymentType } from '../../transforms/payment-kind.ts';

describe('paymentType', () => {
  it.each([
    ['레드+펄스 패키지(40회)', 1_536_000, 'package'],
    ['올케어 120회', 7_920_000, 'package'],
    ['레드 10회', 550_000, 'package'],
    ['첫체험(레드,림프,펄스X2)', 9_900, 'single'],
    ['첫체험\n(레드,림프,펄스X2)', 99_000, 'single'],
    ['레드 1회', 60_000, 'single'],
    ['레드 추가 1회', 60_000, 'additional'],
    ['유기산 검사 키트', 290_000, 'additional'],
    ['레드 10회 환불 위약금', 55_000, 'additional'],
    ['레드 10회 환불', -550_000, 'refund'],
    ['레드 10회', -550_000, 'refund'],
    ['레드 10회 환불', 550_000, 'refund'],
  ])('%j for %i won is %s', (program, amount, type) => {
    expect(paymentType(program, amount)).toBe(type);
  });
});

describe('paymentMethod', () => {
  it.each([
    ['30012345', 'card'],
    ['30012345.0', 'card'],
    ['계좌이체', 'transfer'],
    [' 계좌 이체 ', 'transfer'],
    ['현금', 'cash'],
    ['３００１２３４５', 'card'], // full-width digits
    ["'30012345", 'card'], // Excel's text mark
  ])('%j is %s', (approval, method) => {
    expect(paymentMethod(approval)).toEqual({ method, unreadable: false });
  });

  it('leaves a blank cell empty and flags anything else', () => {
    expect(paymentMethod('')).toEqual({ method: null, unreadable: false });
    expect(paymentMethod('1234')).toEqual({ method: null, unreadable: true });
  });
});
