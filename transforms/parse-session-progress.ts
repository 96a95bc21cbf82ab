// 세션 진행 사항: device settings and minutes, one line per package line: `(20')`, `주1000(40')`,
// `하체 W/80 (20')`, `브레인 (33'*2)` (two sessions of 33 minutes), condition scores `3->5`. We keep the
// line as written (settings text) and read the minutes of one session from it (folded: `(２０')`).

import { cleanText } from './clean-text.ts';
import { foldText } from './fold-cell.ts';

export interface SessionProgress {
  text: string;
  /** Minutes of one session: `(33'*2)` is 33; null when the line gives none. */
  minutes: number | null;
}

// `(20')`, `40'`, `33'*2`, `20분`; the apostrophe may be typed as ’ or ′.
const MINUTES = /(\d{1,3})\s*(?:['’′]|분)(?:\s*[*xX×]\s*\d{1,2})?/;

export function parseProgressLine(line: string): SessionProgress {
  const text = cleanText(line) ?? '';
  const m = MINUTES.exec(foldText(line) ?? '');
  const minutes = m ? Number(m[1]) : null;
  return { text, minutes: minutes !== null && minutes > 0 && minutes <= 240 ? minutes : null };
}

/** Every non-blank line of the cell. */
export function parseProgressCell(cell: string | undefined): SessionProgress[] {
  if (cell === undefined) return [];
  return cell
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(parseProgressLine);
}
