// 담당자 (staff in charge). The ledger writes the literal `누락` ("missing") in 108 rows: that is no staff.

import { cleanText } from './clean-text.ts';

const MISSING_MARKERS = new Set(['누락', '없음', '-', 'x', 'X', '미정']);

export function normalizeStaff(raw: string | undefined): string | null {
  const text = cleanText(raw);
  return text === null || MISSING_MARKERS.has(text) ? null : text;
}
