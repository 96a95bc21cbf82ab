import { describe, expect, it } from 'vitest';
import { nameMatchKey } from '../../transforms/match-key.ts';

describe('nameMatchKey', () => {
  it.each([
    ['김민지', '김민지'],
    ['김민지님', '김민지'],
    [' 김민지 ', '김민지'],
    ['김 민지', '김민지'],
    ['김민지(85년생)', '김민지'],
    ['김민지(직원)', '김민지'],
    ['김민지2', '김민지2'],
    ['Emily Park', 'emilypark'],
  ])('%j matches as %j', (raw, key) => {
    expect(nameMatchKey(raw, 2025)).toMatchObject({ key, blocker: null });
  });

  it.each([
    ['김민지 어머님', 'RELATIVE_OF'],
    ['김민지 부', 'RELATIVE_OF'],
    ['김민지,이서연', 'SEVERAL_PEOPLE'],
    ['김민지/이서연', 'SEVERAL_PEOPLE'],
    ['', 'NAME_MISSING'],
    ['님', 'NAME_MISSING'],
  ])('%j is never matched automatically (%s)', (raw, blocker) => {
    expect(nameMatchKey(raw, 2025)).toMatchObject({ key: null, blocker });
  });

  it('keeps whose relative it is', () => {
    expect(nameMatchKey('김 민지 어머님', 2025).relativeOfKey).toBe('김민지');
  });
});
