import { describe, expect, it } from 'vitest';
import { parseMarker } from '../../transforms/parse-marker.ts';

describe('parseMarker', () => {
  it.each([
    ['가격 안내 O', true],
    ['가격 안내 X', false],
    ['가격 안내 o', true],
    ['가격 안내 x', false],
    ['가격안내O', true],
    ['가격안내: X', false],
    ['가격안내-O', true],
    [' 가격  안내 O ', true],
    ['가격 안내 없음', false],
    ['가격 안내 완료', true],
    ['O', true],
    ['o', true],
    ['X', false],
    ['x', false],
    ['Y', true],
    ['y', true],
    ['N', false],
    ['예', true],
    ['네', true],
    ['아니오', false],
    ['아니요', false],
    ['○', true],
    ['×', false],
    ['yes', true],
    ['No', false],
  ])('%j → %s', (raw, value) => {
    expect(parseMarker(raw)).toEqual({ value, issue: null });
  });

  it.each([
    ['가격 안내 Ｏ', true],
    ['가격 안내 Ｘ', false],
    ['Ｏ', true],
    ['ｘ', false],
    ['Ｙ', true],
    ['가격안내：Ｏ', true],
    ['가격\u3000안내 O', true],
    ["'O", true],
    ['ㅇ', true], // a compatibility jamo, not folded into a conjoining one
  ])('full-width and Excel forms: %j → %s', (raw, value) => {
    expect(parseMarker(raw)).toEqual({ value, issue: null });
  });

  it.each([['가격 안내 0'], ['가격 안내 O X'], ['A/B'], ['보류'], ['가격 안내'], ['12']])('%j is not guessed', (raw) => {
    expect(parseMarker(raw)).toEqual({ value: null, issue: 'MARKER_UNREADABLE' });
  });

  it.each([[undefined], [''], [' ']])('%j is empty, not false', (raw) => {
    expect(parseMarker(raw)).toEqual({ value: null, issue: null });
  });
});
