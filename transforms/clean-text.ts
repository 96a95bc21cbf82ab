// Cell text as the ledgers write it → text we store: Unicode NFC (macOS Excel can write decomposed
// jamo), no surrounding spaces or tabs, runs of spaces collapsed, empty → null. Line breaks inside a
// cell (`M/D 1차컨택\nM/D 문자보냄`) are kept by `cleanMultiline`.

/**
 * True when NFC and the space rules would return the text unchanged: no whitespace but single inner
 * spaces, and only characters NFC leaves alone (below U+0300, precomposed Hangul, CJK punctuation) —
 * not U+00A0 or U+3000, which are whitespace to the rules.
 * Most cells are like that; they skip the regexes.
 */
function alreadyClean(text: string, keepBreaks: boolean): boolean {
  const n = text.length;
  if (n === 0 || text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32) return false;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) {
      if (!(keepBreaks && c === 10)) return false;
    } else if (c === 32) {
      if (previous === 32 || (keepBreaks && previous === 10)) return false;
    } else if (c === 0xa0 || (c >= 0x300 && !(c >= 0xac00 && c <= 0xd7a3) && !(c > 0x3000 && c <= 0x303f) && !(c >= 0xff00 && c <= 0xffef))) {
      return false; // a no-break or ideographic space (whitespace to the rules), or text NFC may change
    }
    if (keepBreaks && c === 10 && previous === 32) return false;
    previous = c;
  }
  return !(keepBreaks && (text.charCodeAt(0) === 10 || text.charCodeAt(n - 1) === 10 || text.includes('\n\n\n')));
}

export function cleanText(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (alreadyClean(raw, false)) return raw;
  const text = raw.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
  return text === '' ? null : text;
}

export function cleanMultiline(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (alreadyClean(raw, true)) return raw;
  const text = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}
