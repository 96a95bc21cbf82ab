import { describe, expect, it } from 'vitest';
import { normalizeReferral } from '../../transforms/normalize-referral.ts';

describe('normalizeReferral', () => {
  it.each([
    ['당근', '당근', null],
    ['당근 ', '당근', null],
    ['검색(화이트태닝)', '검색', '화이트태닝'],
    ['유튜브(건강채널)', '유튜브', '건강채널'],
    ['지인소개(김민지)', '지인소개', '김민지'],
    ['김민지님 소개', '지인소개', '김민지님'],
    ['김민지님소개', '지인소개', '김민지님'],
    ['네이버카페', '네이버카페', null],
    ['', null, null],
  ])('%j → %j + %j', (raw, source, detail) => {
    expect(normalizeReferral(raw)).toEqual({ source, detail });
  });
});
