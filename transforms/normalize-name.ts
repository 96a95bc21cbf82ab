// The name rule. Ledger cells hold more than a name: an honorific (`김민지님`, `김민지 고객님`), a note in
// parentheses (`김민지(85년생)`), the staff marker (`박서준(직원)`), a relative of a customer
// (`김민지 어머님`, `김민지 부`), two people (`김민지,이서연`, `김민지/이서연`), digits that tell
// namesakes apart (`김민지2`), Latin letters (`Emily Park`). We keep the name as a person would write it
// and hand the rest to the caller; `nameKey` is what duplicates and matches compare.

import { extractBirthYear } from './birth-year.ts';
import { cleanText } from './clean-text.ts';

export interface NameResult {
  /** The name without honorific or notes; null when nothing is left. */
  name: string | null;
  /** Text from parentheses, joined: `85년생`. */
  note: string | null;
  birthYear: number | null;
  /** `(직원)` */
  staff: boolean;
  /** For `김민지 어머님`: the customer's name and the relation. */
  relativeOf: { name: string; relation: string } | null;
  /** Two or more people in one cell. */
  multiple: boolean;
}

const PARENTHESES = /[(（]([^()（）]*)[)）]/g;
const HONORIFIC = /\s*(?:고객님|회원님|님)$/;
const STAFF_NOTE = /^(직원|스태프|staff)$/i;
export const RELATIONS = [
  '어머님', '어머니', '엄마', '아버님', '아버지', '아빠', '남편', '아내', '부인', '와이프', '딸', '아들', '따님',
  '아드님', '동생', '언니', '오빠', '누나', '형', '할머니', '할아버지', '시어머니', '장모님', '친구', '지인', '부', '모',
] as const;
const RELATIVE = new RegExp(`^(.+?)\\s*(?:의\\s*)?(${RELATIONS.join('|')})$`);
const MULTIPLE = /[,/&+]|\s외\s*\d+\s*명?$/;

/** Two to four Hangul syllables and nothing else (`김민지`): most cells, and nothing to clean. */
const PLAIN_NAME = /^[가-힣]{2,4}$/;

export function normalizeName(raw: string | undefined, currentYear: number): NameResult {
  // `어머님` and `이영모`: a plain cell may still end in a relation or an honorific, so those take the long way.
  const plain = raw !== undefined && PLAIN_NAME.test(raw) && !RELATIVE.test(raw) && !HONORIFIC.test(raw);
  const result: NameResult = { name: plain ? raw : null, note: null, birthYear: null, staff: false, relativeOf: null, multiple: false };
  if (raw === undefined || plain) return result;
  let text = cleanText(raw) ?? '';
  const notes: string[] = [];
  text = text.replace(PARENTHESES, (_, inner: string) => {
    const note = inner.trim();
    if (STAFF_NOTE.test(note)) result.staff = true;
    else if (note) notes.push(note);
    return ' ';
  });
  text = text.replace(/\s+/g, ' ').trim();
  result.note = notes.length ? notes.join(', ') : null;
  result.birthYear = extractBirthYear(result.note, currentYear);
  result.multiple = MULTIPLE.test(text);
  // `어머님` is a relation, not a name with an honorific: look for relations before stripping `님`.
  result.relativeOf = result.multiple ? null : (relativeIn(text) ?? relativeIn(text.replace(HONORIFIC, '').trim()));
  if (!result.relativeOf) text = text.replace(HONORIFIC, '').trim();
  result.name = text === '' ? null : text;
  return result;
}

/** A relation word after a space (`김민지 부`), or a 2+ syllable one right after the name (`김민지어머님`). */
function relativeIn(text: string): NameResult['relativeOf'] {
  const m = RELATIVE.exec(text);
  if (!m || m[1]!.trim().length < 2) return null;
  if (!text.includes(' ') && m[2]!.length < 2) return null;
  return { name: m[1]!.trim(), relation: m[2]! };
}

/** What duplicate and match checks compare: no spaces, Latin letters in lower case. `김 민지` = `김민지`. */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}
