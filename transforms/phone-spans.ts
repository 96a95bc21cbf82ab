// A phone cell as people write it, cut into the runs of digits that may be numbers and the words around
// them: a label before (`HP 010-…`, `핸드폰: 010-…`, `전화 02-…`), a note after (`010-… (딸)`, `010-… / 저녁에만`),
// an area code in parentheses (`(02) 123-4567`, `02)123-4567`), the trunk 0 in parentheses after a country
// code (`+82 (0)10-…`), a middle dot or `ㅡ` typed as a separator (`010·1234·5678`). Each run is then read as
// one number — or two (`010-1234-5678 010-2345-6789`) — by `readSpan`. The cell's text is already folded.

import { formatKoreanNumber } from './korean-number.ts';

export interface PhoneSpan {
  /** The run as written (folded): `+82 (0)10-1234-5678` → `+82 0 10-1234-5678`. */
  text: string;
  /** Its digit groups: `010`, `1234`, `5678`. */
  groups: string[];
  /** Written with a `+` (a country code follows). */
  plus: boolean;
}

export interface SplitCell {
  /** Runs with 7 digits or more, in order: shorter ones (`내선 123`, `2번`) are words of a label or note. */
  spans: PhoneSpan[];
  /** Words before the first number. */
  label: boolean;
  /** Words after it, or in parentheses. */
  note: boolean;
  /** A middle dot or `ㅡ` between digits. */
  oddSeparator: boolean;
  /**
   * A short run of digits next to a number with nothing but punctuation between (`0(010…`, `010-…+82`):
   * whether it belongs to the number cannot be told, so the cell is not read.
   */
  stray: boolean;
}

/** Fewer digits than this are not a phone number: `내선 123`, `3층`. */
const MIN_PHONE_DIGITS = 7;

// A group of digits directly followed by a letter (`85년생`, `3층`, `5678번`) belongs to the words, not to
// a number: a cell like that is left unread rather than read with a digit too few or too many.
const SPAN = /\+?\d+(?![\dA-Za-z가-힣])(?:[ \-.]+\d+(?![\dA-Za-z가-힣]))*/g;
const AREA_BEFORE_PARENTHESIS = /(^|[^\d(])(0\d{1,2})\)\s*(?=\d)/g; // `02)123-4567`
const PARENTHESES = /\(([^()]*)\)/g;
const DIGITS_ONLY = /^[\d\s\-.]*\d[\d\s\-.]*$/; //                    `(02)`, `(0)`
const ODD_SEPARATOR = /(?<=\d)\s*[·ㆍ‧∙・ㅡ]\s*(?=\d)/g; //            `010·1234·5678`, `010ㅡ1234ㅡ5678`
/** Text with no letter in it is punctuation, not a label or note: `: `, ` / `, `'`. */
const PUNCTUATION_ONLY = /^\P{L}*$/u;

export function splitPhoneCell(text: string): SplitCell {
  let note = false;
  let oddSeparator = false;
  const body = text
    .replace(AREA_BEFORE_PARENTHESIS, '$1$2-')
    .replace(PARENTHESES, (_, inner: string) => {
      if (DIGITS_ONLY.test(inner)) return ` ${inner} `;
      if (!PUNCTUATION_ONLY.test(inner)) note = true;
      return ' / ';
    })
    .replace(ODD_SEPARATOR, () => {
      oddSeparator = true;
      return '-';
    });
  const spans: PhoneSpan[] = [];
  let label = false;
  let stray = false;
  let last = 0;
  let previous: { end: number; long: boolean } | null = null;
  for (const m of body.matchAll(SPAN)) {
    const groups = m[0].match(/\d+/g)!;
    const long = groups.join('').length >= MIN_PHONE_DIGITS;
    // A number beside a short run with only punctuation between (`0(010…`): one of them, but which digits?
    if (previous && long !== previous.long && PUNCTUATION_ONLY.test(body.slice(previous.end, m.index))) stray = true;
    previous = { end: m.index + m[0].length, long };
    if (!long) continue;
    const words = body.slice(last, m.index);
    if (!PUNCTUATION_ONLY.test(words)) (spans.length === 0 ? (label = true) : (note = true));
    spans.push({ text: m[0].trim(), groups, plus: m[0].startsWith('+') });
    last = m.index + m[0].length;
  }
  if (spans.length > 0 && !PUNCTUATION_ONLY.test(body.slice(last))) note = true;
  return { spans, label, note, oddSeparator, stray };
}

export interface ReadNumber {
  /** National format: `010-1234-5678`. */
  phone: string;
  countryCode: boolean;
  /** The 0 Excel dropped was put back: `1012345678`, `212345678`. */
  leadingZero: boolean;
}

/** Prefixes written without their 0 (`10`, `2`, `31` …): a 0 is restored only after one of these. */
const WITHOUT_ZERO = /^(?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)/;
const PREFIX_WITHOUT_ZERO = /^(?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)$/;
/** Two numbers in one run are looked for only from this many digits on (two of the shortest, 8 each). */
const TWO_NUMBERS_DIGITS = 16;
const MAX_GROUPS = 12;

/** The numbers a run of digit groups holds: one, two (`010-1234-5678 010-2345-6789`), or null if unreadable. */
export function readSpan(span: PhoneSpan): ReadNumber[] | null {
  const whole = readNumber(span.groups, span.plus);
  if (whole) return [whole];
  const digits = span.groups.join('').length;
  if (digits < TWO_NUMBERS_DIGITS || span.groups.length < 2 || span.groups.length > MAX_GROUPS) return null;
  // Every way to cut the groups into consecutive numbers; a reading is kept only when it is the only one.
  const readings: ReadNumber[][] = [];
  const cut = (from: number, found: ReadNumber[]) => {
    if (from === span.groups.length) {
      if (found.length > 1) readings.push(found);
      return;
    }
    for (let to = from + 1; to <= span.groups.length; to++) {
      const number = readNumber(span.groups.slice(from, to), span.plus && from === 0);
      if (number) cut(to, [...found, number]);
    }
  };
  cut(0, []);
  return readings.length === 1 ? readings[0]! : null;
}

/**
 * One number from digit groups, or null. In order: a national number as written (`010…`, `02…`, `1588…`);
 * a country code (`+82 10…`, `+82 010…`, `82-10-…`, `82 2 …`), read as +82 only when the rest is a Korean
 * number; the 0 Excel dropped (`1012345678`, `212345678`, `10-1234-5678`), put back only after a known prefix.
 */
export function readNumber(groups: readonly string[], plus: boolean): ReadNumber | null {
  const digits = groups.join('');
  const cuts = boundariesOf(groups);
  if (plus) return digits.startsWith('82') ? fromCountryCode(digits, cuts) : null;
  if (digits.startsWith('0') || /^1[5-9]/.test(digits)) {
    const phone = formatKoreanNumber(digits, cuts);
    if (phone) return { phone, countryCode: false, leadingZero: false };
  }
  if (digits.startsWith('82')) {
    const read = fromCountryCode(digits, cuts);
    if (read) return read;
  }
  if (!digits.startsWith('0') && restorable(groups, digits)) {
    const phone = formatKoreanNumber(`0${digits}`, cuts.map((c) => c + 1));
    if (phone) return { phone, countryCode: false, leadingZero: true };
  }
  return null;
}

/** Excel drops the 0 of a number it holds as a number (no separators), 9–10 digits; or a prefix was written without it (`10-1234-5678`). */
function restorable(groups: readonly string[], digits: string): boolean {
  if (digits.length < 9 || digits.length > 10 || !WITHOUT_ZERO.test(digits)) return false;
  return groups.length === 1 || PREFIX_WITHOUT_ZERO.test(groups[0]!);
}

/** `82` + the national number, with its trunk 0 (`+82 010-…`, `+82 (0)10-…`) or without (`+82 10-…`). */
function fromCountryCode(digits: string, cuts: readonly number[]): ReadNumber | null {
  const rest = digits.slice(2);
  if (rest === '') return null;
  const after = cuts.map((c) => c - 2).filter((c) => c > 0);
  const phone = rest.startsWith('0')
    ? formatKoreanNumber(rest, after.filter((c) => c !== 1)) // `(0)10`: the cut after the trunk 0 is no group of the number
    : formatKoreanNumber(`0${rest}`, after.map((c) => c + 1));
  return phone ? { phone, countryCode: true, leadingZero: false } : null;
}

/** `['010', '1234', '5678']` → [3, 7]: where the cell put separators. */
function boundariesOf(groups: readonly string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (let i = 0; i < groups.length - 1; i++) out.push((at += groups[i]!.length));
  return out;
}
