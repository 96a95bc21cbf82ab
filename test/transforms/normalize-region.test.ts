import { describe, expect, it } from 'vitest';
import { normalizeRegion } from '../../transforms/normalize-region.ts';

describe('normalizeRegion', () => {
  it.each([
    ['서울시 강서구', '서울 강서구'],
    ['서울 강서구', '서울 강서구'],
    ['서울시강서구', '서울 강서구'],
    ['서울특별시 강서구', '서울 강서구'],
    ['서울특별시강서구 화곡동', '서울 강서구 화곡동'],
    ['  서울  강서구 ', '서울 강서구'],
    ['서울', '서울'],
    ['서울시', '서울'],
    ['경기도 고양시', '경기 고양시'],
    ['경기 김포시', '경기 김포시'],
    ['인천광역시 계양구', '인천 계양구'],
    // a city or district alone stays: its province would be a guess
    ['부천시', '부천시'],
    ['강서구', '강서구'],
    ['일산', '일산'],
    ['서울대입구', '서울대입구'],
    ['', null],
  ])('%j → %j', (raw, region) => {
    expect(normalizeRegion(raw)).toBe(region);
  });
});
