// The payment row function alone: the rows no sample needs (rejects, odd cells).

import { describe, expect, it } from 'vitest';
import type { FileContext, RawRow } from '../../../pipeline/source.ts';
import { PAYMENT_STAGING_COLUMNS, createPaymentRowMapper } from '../../../pipeline/sources/payments.ts';

const RUN = { runId: 'test', today: '2025-12-31', earliest: '2020-01-01' };
const context = (name: string, preamble: string[][] = []): FileContext => ({ file: `/in/${name}`, name, header: { line: 3, labels: [], keys: [] }, preamble });
let line = 3;
const raw = <K extends string>(values: Partial<Record<K, string>>): RawRow<K> => ({ line: ++line, raw: '', values });

const payment = (values: Record<string, string>) =>
  raw({ number: '1', date: '2024-07-03 00:00:00', name: '김민지', program: '레드 10회', amount: '550,000', approval: '30012345', ...values });
const staged = (outcome: ReturnType<ReturnType<typeof createPaymentRowMapper>>, column: (typeof PAYMENT_STAGING_COLUMNS)[number]) =>
  outcome.kind === 'stage' ? outcome.values[PAYMENT_STAGING_COLUMNS.indexOf(column)] : undefined;

describe('payment row function', () => {
  const map = createPaymentRowMapper(RUN);
  const sheet = context('2024년07월.csv');

  it.each(['합계', '총합계', '계', ' 계 '])('skips the footer %j', (number) => {
    expect(map(payment({ number, name: '' }), sheet)).toMatchObject({ kind: 'skip', reason: 'FOOTER_ROW' });
  });

  it('skips a row without 번호, and keeps its amount in a warning', () => {
    const outcome = map(payment({ number: '', name: '(메모)', amount: '300,000' }), sheet);
    expect(outcome).toMatchObject({ kind: 'skip', reason: 'NO_PAYMENT_NUMBER', warnings: [{ code: 'PAYMENT_ROW_WITHOUT_NUMBER' }] });
  });

  it.each([
    [{ amount: '분할결제' }, 'AMOUNT_UNREADABLE'],
    [{ amount: '' }, 'AMOUNT_MISSING'],
    [{ date: '' }, 'DATE_MISSING'],
    [{ date: '7월 초' }, 'DATE_UNPARSEABLE'],
  ])('rejects %j (%s)', (values, code) => {
    expect(map(payment(values), sheet)).toMatchObject({ kind: 'reject', issue: { code } });
  });

  it('reads a refund, a transfer, and the name in match form for the natural key', () => {
    const refund = map(payment({ program: '레드 10회 환불', amount: '-550,000', approval: '계좌이체', name: '김민지님' }), sheet);
    expect(staged(refund, 'amount')).toBe(-550_000);
    expect(staged(refund, 'payment_type')).toBe('refund');
    expect(staged(refund, 'payment_method')).toBe('transfer');
    expect(staged(refund, 'customer_key')).toBe('김민지');
  });

  it('warns about a refund written as a positive amount, and a 승인번호 of no known form', () => {
    const outcome = map(payment({ program: '레드 10회 환불', amount: '550,000', approval: '12-34' }), sheet);
    expect(outcome.warnings?.map((w) => w.code)).toEqual(['REFUND_NOT_NEGATIVE', 'APPROVAL_UNREADABLE']);
    expect(staged(outcome, 'amount')).toBe(550_000);
  });

  it('warns about a payment dated outside the sheet\'s month, and checks no month in the ledger', () => {
    expect(map(payment({ date: '2024.06.30' }), sheet).warnings?.map((w) => w.code)).toEqual(['DATE_OUTSIDE_SHEET_MONTH']);
    expect(map(payment({ date: '2024.06.30' }), context('전체 결제대장.csv')).warnings).toEqual([]);
  });

  // 번호, 결제일자, 결제 금액 and 승인번호 as the Korean IME or Excel may leave them: read folded.
  it.each([
    [{ number: '１２' }, 'ledger_no', '12'],
    [{ number: "'12" }, 'ledger_no', '12'],
    [{ date: '2024-07-03 오후 2:15:00' }, 'payment_date', '2024-07-03'],
    [{ date: '２０２４．７．３' }, 'payment_date', '2024-07-03'],
    [{ amount: '５５０,０００원' }, 'amount', 550_000],
    [{ amount: '￦550,000' }, 'amount', 550_000],
    [{ amount: '−550,000', program: '레드 10회 환불' }, 'amount', -550_000],
    [{ approval: '３００１２３４５' }, 'payment_method', 'card'],
  ])('reads %j: %s is %j', (values, column, value) => {
    const outcome = map(payment(values), sheet);
    expect(staged(outcome, column as (typeof PAYMENT_STAGING_COLUMNS)[number])).toEqual(value);
    expect(outcome.warnings).toEqual([]);
  });
});
