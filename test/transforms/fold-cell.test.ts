import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCell, foldText } from '../../transforms/fold-cell.ts';
import { cleanText } from '../../transforms/clean-text.ts';

describe('foldCell', () => {
  it.each([
    // full-width forms from the Korean IME
    ['０１０－１２３４－５６７８', '010-1234-5678', ['full-width', 'dash']], // the full-width hyphen is also a dash look-alike
    ['（０２）１２３－４５６７', '(02)123-4567', ['full-width', 'dash']],
    ['＋８２ １０', '+82 10', ['full-width']],
    ['２０２３．０５．１１', '2023.05.11', ['full-width']],
    ['￦１,０００', '₩1,000', ['full-width']],
    ['Ｏ', 'O', ['full-width']],
    // other compatibility forms
    ['레드 ①', '레드 1', ['compatibility']],
    ['㈜에이바이오', '(주)에이바이오', ['compatibility']],
    // dash look-alikes: en dash, em dash, minus sign, hyphen, non-breaking hyphen, small hyphen
    ['010–1234–5678', '010-1234-5678', ['dash']],
    ['010—1234—5678', '010-1234-5678', ['dash']],
    ['−550,000', '-550,000', ['dash']],
    ['2023‐05‐11', '2023-05-11', ['dash']],
    ['010‑1234‑5678', '010-1234-5678', ['dash']],
    ['010﹣1234﹣5678', '010-1234-5678', ['dash']],
    // space look-alikes
    ['010\u00a01234\u00a05678', '010 1234 5678', ['space']],
    ['2023년\u30005월', '2023년 5월', ['space']],
    // zero-width characters: dropped
    ['010\u200b-1234-5678', '010-1234-5678', ['zero-width']],
    ['\ufeff45058', '45058', ['zero-width']],
    ['12\u200d', '12', ['zero-width']],
    // Excel's "store as text" apostrophe
    ["'010-1234-5678", '010-1234-5678', ['excel-apostrophe']],
    ["  '2023-05-11 ", '2023-05-11', ['excel-apostrophe']],
    // several at once
    ["'０１０–１２３４\u00a0５６７８", '010-1234 5678', ['full-width', 'dash', 'space', 'excel-apostrophe']],
    // nothing to fold
    ['010-1234-5678', '010-1234-5678', []],
    ['  2023-05-11  00:00:00 ', '2023-05-11 00:00:00', []],
    ["(20')", "(20')", []],
    ['레드 21.22/100', '레드 21.22/100', []],
    ['ㅇ', 'ㅇ', []], // a yes mark in compatibility jamo: NFKC would make a conjoining jamo of it
    ['010ㅡ1234ㅡ5678', '010ㅡ1234ㅡ5678', []], // ㅡ is a Hangul letter: the phone rule decides
    ['010·1234·5678', '010·1234·5678', []], // a middle dot: the phone rule reads it as a separator
  ])('%j → %j %j', (raw, text, folds) => {
    expect(foldCell(raw)).toEqual({ text, folds });
    expect(foldText(raw)).toBe(text);
  });

  it.each([[undefined], [''], ['   '], ['\u200b'], ["'"], ['\u3000']])('%j is a blank cell', (raw) => {
    expect(foldCell(raw).text).toBe(raw === "'" ? "'" : null);
  });

  it('composes decomposed Hangul (macOS Excel) like cleanText does', () => {
    const decomposed = '이용현황'.normalize('NFD');
    expect(foldText(decomposed)).toBe('이용현황');
  });

  it('leaves text that needs no fold as cleanText leaves it (property)', () => {
    const plain = fc.stringMatching(/^[ -&(-~가-힣]{0,20}$/);
    fc.assert(fc.property(plain, (raw) => {
      expect(foldText(raw)).toBe(cleanText(raw));
    }), { seed: 16, numRuns: 2000 });
  });

  it('never changes a Hangul syllable (property)', () => {
    const syllables = fc.array(fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCodePoint(c)), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
    fc.assert(fc.property(syllables, fc.constantFrom('', '\u3000', '－', '\u200b'), (word, extra) => {
      expect(foldText(`${word}${extra}`)?.replace(/[ -]/g, '')).toBe(word);
    }), { seed: 16 });
  });
});
