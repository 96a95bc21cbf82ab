// 결제 금액 in the payment sheets, in whole won: `1,536,000`, `99,000원`, `9900원`, `1536000`, refunds
// `-550,000`, `50만원`, dot-grouped `9.999.999원`. Words (`분할결제`) are not an amount.
// A stopgap for the payments source: transforms/parse-money.ts (leads branch) is the general parser
// and should replace this one when the branches meet.

export type WonIssue = 'WON_NOT_AMOUNT' | 'WON_MALFORMED';

export interface WonResult {
  won: number | null;
  issue: WonIssue | null;
}

const PLAIN = /^\d+(?:\.0+)?$/; //               `1536000`, Excel's `1536000.0`
const COMMA_GROUPED = /^\d{1,3}(?:,\d{3})+$/; // `1,536,000`
const DOT_GROUPED = /^\d{1,3}(?:\.\d{3}){2,}$/; // `9.999.999` (one dot group would be a decimal)
const MAN = /^(\d+)\s*만$/; //                    `50만` (원 already removed)

export function parseWon(raw: string | undefined): WonResult {
  let text = (raw ?? '').normalize('NFC').replace(/[\s\u00a0]+/g, '');
  if (text === '') return { won: null, issue: null };
  let sign = 1;
  if (/^[-−]/.test(text)) {
    sign = -1;
    text = text.slice(1);
  }
  text = text.replace(/^[₩￦]/, '').replace(/원$/, '');
  if (!/\d/.test(text)) return { won: null, issue: 'WON_NOT_AMOUNT' };
  let won: number;
  if (PLAIN.test(text)) won = Number.parseInt(text, 10);
  else if (COMMA_GROUPED.test(text)) won = Number(text.replace(/,/g, ''));
  else if (DOT_GROUPED.test(text)) won = Number(text.replace(/\./g, ''));
  else if (MAN.test(text)) won = Number(MAN.exec(text)![1]) * 10_000;
  else return { won: null, issue: 'WON_MALFORMED' };
  if (!Number.isSafeInteger(won)) return { won: null, issue: 'WON_MALFORMED' };
  return { won: sign * won, issue: null };
}
