import { describe, expect, it } from 'vitest';
import { parseAge } from '../../transforms/parse-age.ts';

describe('parseAge', () => {
  it.each([
    ['34세', 34],
    ['34 세', 34],
    ['34살', 34],
    ['만 34세', 34],
    ['34', 34],
    [' 61세 ', 61],
  ])('%j → %d', (raw, age) => {
    expect(parseAge(raw)).toEqual({ age, issue: null });
  });

  it.each([
    ['３４세', 34],
    ['３４', 34],
    ["'34", 34],
    ['만\u300034세', 34],
  ])('full-width and Excel forms: %j → %d', (raw, age) => {
    expect(parseAge(raw)).toEqual({ age, issue: null });
  });

  it.each([['40대'], ['0세'], ['130세'], ['삼십사'], ['34-35']])('%j is not an age', (raw) => {
    expect(parseAge(raw)).toEqual({ age: null, issue: 'AGE_UNREADABLE' });
  });

  it('a blank cell is no age and no issue', () => {
    expect(parseAge('')).toEqual({ age: null, issue: null });
  });
});
