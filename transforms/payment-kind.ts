// What a payment row is, read from its program text and amount, and how it was paid, read from 승인번호.
// Types: `레드+펄스 패키지(40회)`, `올케어 80회`, `레드 10회` → package; `첫체험(레드,림프,펄스X2)`,
// `레드 1회` → single; kits, products, `레드 추가 1회`, `… 환불 위약금` → additional; a negative amount
// (`-550,000`) or `레드 10회 환불` → refund. 승인번호: 8 digits → card, `계좌이체` → transfer.

import { foldText } from './fold-cell.ts';

export const PAYMENT_TYPES = ['package', 'single', 'additional', 'refund'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

export const PAYMENT_METHODS = ['card', 'transfer', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Sessions bought at once from which a purchase is a package: single services come in 10/20/30. */
const PACKAGE_SESSIONS = 10;

export function paymentType(program: string | null, amount: number): PaymentType {
  const text = (program ?? '').replace(/\s+/g, '');
  if (amount < 0) return 'refund';
  // A cancellation fee the center keeps when it refunds a package: money in, not a refund.
  if (/위약금/.test(text)) return 'additional';
  if (/환불/.test(text)) return 'refund';
  if (/추가/.test(text)) return 'additional';
  if (/패키지|올케어/.test(text)) return 'package';
  const sessions = /(\d+)회(?!차)/.exec(text);
  if (sessions) return Number(sessions[1]) >= PACKAGE_SESSIONS ? 'package' : 'single';
  if (/체험/.test(text)) return 'single';
  return 'additional';
}

export interface MethodResult {
  method: PaymentMethod | null;
  /** True when 승인번호 holds something that is none of the known forms. */
  unreadable: boolean;
}

export function paymentMethod(approval: string | undefined): MethodResult {
  const text = (foldText(approval) ?? '').replace(/\s+/g, ''); // `３００１２３４５`, `'30012345`
  if (text === '') return { method: null, unreadable: false };
  if (/^\d{8}(?:\.0+)?$/.test(text)) return { method: 'card', unreadable: false }; // `30012345`
  if (/계좌이체|이체|무통장/.test(text)) return { method: 'transfer', unreadable: false };
  if (/현금/.test(text)) return { method: 'cash', unreadable: false };
  return { method: null, unreadable: true };
}
