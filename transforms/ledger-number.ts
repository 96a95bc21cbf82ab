// 번호, the ledger number: the customer's identity in every later sheet. Must be a whole number
// (`12`, or `12.0` as a raw sheet dump writes it) and unique in the file. Seen numbers are kept in a
// bitset, so checking a million rows costs 125 KB rather than a million-entry Set. Folded first: `１２`, `'12`.

import type { RowIssue } from '../pipeline/source.ts';
import { foldText } from './fold-cell.ts';

export type LedgerNumberResult = { ledgerNo: number } | { issue: RowIssue };

const WHOLE_NUMBER = /^\d{1,9}(?:\.0+)?$/;

export function createLedgerNumberCheck(): (raw: string | undefined) => LedgerNumberResult {
  let seen = new Uint8Array(1 << 14);
  return (raw) => {
    const text = foldText(raw) ?? '';
    if (text === '') {
      return { issue: { code: 'LEDGER_NUMBER_MISSING', column: '번호', value: '', reason: 'a customer row needs its ledger number (번호); fill it in' } };
    }
    if (!WHOLE_NUMBER.test(text) || Number.parseInt(text, 10) === 0) {
      return { issue: { code: 'LEDGER_NUMBER_INVALID', column: '번호', value: raw!.trim(), reason: 'the ledger number (번호) must be a whole number above 0' } };
    }
    const n = Number.parseInt(text, 10);
    const byte = n >>> 3;
    if (byte >= seen.length) {
      const grown = new Uint8Array(Math.max(seen.length * 2, byte + 1));
      grown.set(seen);
      seen = grown;
    }
    const bit = 1 << (n & 7);
    if (seen[byte]! & bit) {
      return { issue: { code: 'LEDGER_NUMBER_DUPLICATE', column: '번호', value: raw!.trim(), reason: `번호 ${n} is used by an earlier row; each customer needs their own number` } };
    }
    seen[byte]! |= bit;
    return { ledgerNo: n };
  };
}
