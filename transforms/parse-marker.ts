// Yes/no markers, alone or at the end of a label: `가격 안내 O` → true, `가격 안내 X` → false, `O`, `o`,
// `X`, `Y`, `N`, `예`, `아니오`. (The old scripts compared the whole cell with `O` and read every
// `가격 안내 O` as false.) Anything else is not guessed: null with an issue, the text kept by the caller.
// Folded first: the IME's full-width `Ｏ`, `ｘ`.

import { foldText } from './fold-cell.ts';

const YES = ['o', 'ㅇ', '○', '◯', '●', 'y', 'yes', '예', '네', '유', '있음', 'true', 'v', '✓', '✔', '완료'];
const NO = ['x', '×', '✕', '✗', 'n', 'no', '아니오', '아니요', '아니', '무', '없음', 'false'];
const MARKERS = new Map<string, boolean>([...YES.map((m) => [m, true] as const), ...NO.map((m) => [m, false] as const)]);

// The marker as the last word after a Korean label: `가격 안내 O`, `가격안내: X`, `가격안내-O`, `가격안내O`;
// a word marker needs a space or colon before it (`가격 안내 없음`).
const LABEL_THEN_SIGN = /^[가-힣][가-힣\s/]*?\s*[:：\-=]?\s*([A-Za-z]{1,5}|[ㅇ○◯●×✕✗✓✔])$/;
const LABEL_THEN_WORD = /^[가-힣][가-힣\s/]*?(?:\s*[:：\-=]\s*|\s+)(예|네|아니오|아니요|있음|없음|완료)$/;

export type MarkerIssue = 'MARKER_UNREADABLE';

export interface MarkerResult {
  value: boolean | null;
  issue: MarkerIssue | null;
}

export function parseMarker(raw: string | undefined): MarkerResult {
  const text = foldText(raw);
  if (text === null) return { value: null, issue: null };
  const whole = MARKERS.get(text.toLowerCase());
  if (whole !== undefined) return { value: whole, issue: null };
  const m = LABEL_THEN_SIGN.exec(text) ?? LABEL_THEN_WORD.exec(text);
  const value = m ? MARKERS.get(m[1]!.toLowerCase()) : undefined;
  if (value !== undefined) return { value, issue: null };
  return { value: null, issue: 'MARKER_UNREADABLE' };
}
