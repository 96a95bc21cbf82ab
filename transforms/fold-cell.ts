// The one place where a cell's text is made comparable before a parsing rule reads it (phones, dates,
// money, ages, markers, ledger and payment numbers, package lines): what the Korean IME and Excel put in
// cells that looks like ASCII to a person is turned into ASCII. Names, regions and free text are never
// folded — they keep their Hangul exactly (cleanText: NFC only) — and every caller keeps the cell as written.
//
//   full-width      `０１０－１２３４`, `（０２）`, `＋８２`, `￦`  → `010-1234`, `(02)`, `+82`, `₩` (Unicode NFKC)
//   compatibility   other NFKC forms: `①` → `1`, `㈜` → `(주)`, `ｶ` → `カ`
//   dash            en dash `–`, em dash `—`, minus sign `−`, `‐`, `‑`, `﹣`  → `-`
//   space           no-break and ideographic spaces (U+00A0, U+3000 …) → ` `
//   zero-width      U+200B, U+200C, U+200D, U+2060, U+FEFF, soft hyphen, direction marks → dropped
//   excel-apostrophe  Excel's "store as text" mark: `'010-1234-5678` → `010-1234-5678`
//
// Hangul compatibility jamo (`ㅇ` as a yes mark, `ㅡ`) are left alone: NFKC would turn them into conjoining
// jamo, which no rule or person reads as the same letter. A middle dot (`·`, `ㆍ`) is a separator only in
// some cells (phones), so it is not folded here: the phone rule reads it itself.

import { cleanText } from './clean-text.ts';

export const CELL_FOLDS = ['full-width', 'compatibility', 'dash', 'space', 'zero-width', 'excel-apostrophe'] as const;
export type CellFold = (typeof CELL_FOLDS)[number];

export interface FoldedCell {
  /** The comparable text: folded, spaces collapsed, trimmed; null for a blank cell. */
  text: string | null;
  /** Which folds changed something, in CELL_FOLDS order; empty for most cells. */
  folds: readonly CellFold[];
}

const NO_FOLDS: readonly CellFold[] = Object.freeze([]);

const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2043, 0x02d7, 0xfe58, 0xfe63, 0xff0d, 0x2e3a, 0x2e3b]);
const SPACES = new Set([0x00a0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000]);
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0xfeff, 0x00ad, 0x180e, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** Compatibility jamo (`ㅇ`, `ㅡ`, `ㆍ`) and their half-width forms: NFKC would make conjoining jamo of them. */
function isProtectedJamo(c: number): boolean {
  return (c >= 0x3131 && c <= 0x318e) || (c >= 0xffa0 && c <= 0xffdc);
}

function isFullWidth(c: number): boolean {
  return (c >= 0xff01 && c <= 0xff5e) || (c >= 0xffe0 && c <= 0xffe6);
}

/** Printable ASCII but the apostrophe, whitespace and precomposed Hangul: nothing to fold, cleanText is enough. */
function nothingToFold(raw: string): boolean {
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (!((c >= 0x20 && c <= 0x7e && c !== 0x27) || (c >= 0xac00 && c <= 0xd7a3) || c === 0x09 || c === 0x0a || c === 0x0d)) return false;
  }
  return true;
}

export function foldCell(raw: string | undefined): FoldedCell {
  if (raw === undefined || raw === '') return { text: null, folds: NO_FOLDS };
  if (nothingToFold(raw)) return { text: cleanText(raw), folds: NO_FOLDS };
  const found = new Set<CellFold>();
  let out = '';
  for (const ch of raw) {
    const c = ch.codePointAt(0)!;
    if (ZERO_WIDTH.has(c)) {
      found.add('zero-width');
    } else if (DASHES.has(c)) {
      out += '-';
      found.add('dash');
    } else if (SPACES.has(c)) {
      out += ' ';
      found.add('space');
    } else if (c < 0x80 || isProtectedJamo(c) || (c >= 0xac00 && c <= 0xd7a3)) {
      out += ch;
    } else {
      const compatible = ch.normalize('NFKC');
      if (compatible !== ch.normalize('NFC')) found.add(isFullWidth(c) ? 'full-width' : 'compatibility');
      out += compatible;
    }
  }
  let text = out.normalize('NFC').replace(/\s+/g, ' ').trim();
  // `'010-1234-5678`: the apostrophe is Excel's mark for "a number kept as text", not part of the value.
  if (text.startsWith("'") && text.length > 1) {
    text = text.slice(1).trimStart();
    found.add('excel-apostrophe');
  }
  if (text === '') return { text: null, folds: NO_FOLDS };
  return { text, folds: found.size === 0 ? NO_FOLDS : CELL_FOLDS.filter((f) => found.has(f)) };
}

/** The folded text alone, for rules that do not report which folds applied. */
export function foldText(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (nothingToFold(raw)) return cleanText(raw);
  return foldCell(raw).text;
}
