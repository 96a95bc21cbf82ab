import { describe, expect, it } from 'vitest';
import { nameKey, normalizeName } from '../../transforms/normalize-name.ts';

const YEAR = 2025;

describe('normalizeName', () => {
  it.each([
    ['김민지', '김민지', null, null],
    ['  김민지 ', '김민지', null, null],
    ['김민지님', '김민지', null, null],
    ['김민지 고객님', '김민지', null, null],
    ['김민지(85년생)', '김민지', '85년생', 1985],
    ['김민지 (1992년생)', '김민지', '1992년생', 1992],
    ['김민지（03년생）', '김민지', '03년생', 2003],
    ['김민지(강서)', '김민지', '강서', null],
    ['김민지2', '김민지2', null, null],
    ['Emily Park', 'Emily Park', null, null],
    ['김민지', '김민지', null, null],
  ])('%j → name %j, note %j, birth year %j', (raw, name, note, birthYear) => {
    const result = normalizeName(raw, YEAR);
    expect(result.name).toBe(name);
    expect(result.note).toBe(note);
    expect(result.birthYear).toBe(birthYear);
  });

  it('composes decomposed jamo (NFC) so equal names compare equal', () => {
    const decomposed = '김민지'.normalize('NFD');
    expect(decomposed).not.toBe('김민지');
    expect(normalizeName(decomposed, YEAR).name).toBe('김민지');
  });

  it('marks staff without keeping the marker in the name', () => {
    expect(normalizeName('박서준(직원)', YEAR)).toMatchObject({ name: '박서준', staff: true, note: null });
  });

  it.each([
    ['김민지 어머님', '김민지', '어머님'],
    ['김민지 부', '김민지', '부'],
    ['김민지 남편', '김민지', '남편'],
    ['김민지어머님', '김민지', '어머님'],
  ])('%j is a relative of %j (%s)', (raw, of, relation) => {
    expect(normalizeName(raw, YEAR).relativeOf).toEqual({ name: of, relation });
  });

  it.each(['김민지,이서연', '김민지/이서연', '김민지 외 1명'])('%j names more than one person', (raw) => {
    expect(normalizeName(raw, YEAR).multiple).toBe(true);
  });

  it('does not read a name ending in a relation syllable as a relative', () => {
    expect(normalizeName('이영모', YEAR).relativeOf).toBeNull();
    expect(normalizeName('박수부', YEAR).relativeOf).toBeNull();
  });

  it('returns null for a cell with nothing but an honorific or a note', () => {
    expect(normalizeName('님', YEAR).name).toBeNull();
    expect(normalizeName('(직원)', YEAR).name).toBeNull();
    expect(normalizeName('', YEAR).name).toBeNull();
  });

  it('compares names without spaces and case', () => {
    expect(nameKey('김 민지')).toBe(nameKey('김민지'));
    expect(nameKey('Emily Park')).toBe(nameKey('emily park'));
  });

  // Names are never folded (transforms/fold-cell.ts is for parsed cells): only NFC, so what a person would read
  // as another name stays another name, and a name written with compatibility jamo keeps them.
  it.each([
    ['김ㅇㅇ', '김ㅇㅇ'], // a masked name: NFKC would turn ㅇ into a conjoining jamo
    ['Ｅｍｉｌｙ', 'Ｅｍｉｌｙ'],
    ['김민지①', '김민지①'],
    ['김민지'.normalize('NFD'), '김민지'], // decomposed by macOS Excel: composed (NFC), the same name
  ])('keeps %j as %j', (raw, name) => {
    expect(normalizeName(raw, YEAR).name).toBe(name);
  });
});
