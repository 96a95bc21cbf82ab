// Invented Korean people and places for the sample ledgers. Names are random syllable pairs, phones
// random numbers: nobody real is described. Every character is in CP949, so the CP949 variants encode.

import type { Random } from './random.ts';

const FAMILY_NAMES: readonly (readonly [string, number])[] = [
  ['김', 21], ['이', 15], ['박', 8], ['최', 5], ['정', 5], ['강', 2], ['조', 2], ['윤', 2], ['장', 2], ['임', 2],
  ['한', 1], ['오', 1], ['서', 1], ['신', 1], ['권', 1], ['황', 1], ['안', 1], ['송', 1], ['류', 1], ['전', 1],
  ['홍', 1], ['고', 1], ['문', 1], ['양', 1], ['손', 1], ['배', 1], ['백', 1], ['허', 1], ['남', 1], ['심', 1],
];
const GIVEN_FIRST = '민서지수예하도현준유주채은다시연건우태승아윤소진영성재동혜정경선미희나가보상';
const GIVEN_SECOND = '준서윤우원호민연진현빈아은율린희영수경정숙미자훈석환혁규엽';
const LATIN_NAMES = ['Emily Park', 'Daniel Kim', 'Sophia Lee', 'Jason Choi', 'Anna Jung', 'Mark Yoon'];

export function koreanName(rng: Random): string {
  return rng.weighted(FAMILY_NAMES) + rng.pick([...GIVEN_FIRST]) + rng.pick([...GIVEN_SECOND]);
}

export function latinName(rng: Random): string {
  return rng.pick(LATIN_NAMES);
}

/** A mobile number `010-XXXX-XXXX` (middle group 2000–9999, as issued). */
export function mobile(rng: Random): string {
  return `010-${rng.int(2000, 9999)}-${rng.digits(4)}`;
}

export const STAFF = ['정하늘', '윤소라', '최다온'] as const;

/** Places, each with the spellings the ledger uses for it, weighted like the real spread. */
export const PLACES: readonly (readonly [readonly string[], number])[] = [
  [['서울 강서구', '서울시 강서구', '서울시강서구', '강서구', '서울특별시 강서구', '서울 강서구 화곡동', '강서구 방화동'], 190],
  [['서울 양천구', '서울시 양천구', '양천구', '서울 양천구 목동'], 60],
  [['서울 구로구', '서울시 구로구', '구로구'], 40],
  [['서울 영등포구', '서울시 영등포구', '영등포구'], 35],
  [['서울 마포구', '서울시 마포구', '마포구'], 25],
  [['서울 강남구', '서울시 강남구', '강남구'], 20],
  [['경기 고양시', '경기도 고양시', '고양시', '일산'], 30],
  [['경기 김포시', '경기도 김포시', '김포시', '김포'], 30],
  [['경기 부천시', '부천시', '부천'], 25],
  [['인천 계양구', '인천시 계양구', '인천 부평구', '부평'], 20],
  [['서울', '서울시'], 15],
  [['서울 은평구', '서울 관악구', '서울 동작구', '서울 송파구', '서울 노원구', '경기 광명시', '경기 시흥시', '경기 파주시', '경기 성남시'], 25],
];

export const ROUTES: readonly (readonly [string, number])[] = [
  ['당근', 210], ['당근 ', 30], ['검색', 90], ['쿠폰', 50], ['지인소개', 70], ['유튜브', 60], ['홈페이지', 40],
  ['네이버카페', 25], ['검색(화이트태닝)', 8], ['유튜브(건강채널)', 6], ['인스타그램', 15], ['블로그', 12], ['전단지', 6],
];

export const SYMPTOMS = ['만성피로', '비염', '목', '무기력', '체중관리', '어깨통증', '어깨 통증', '허리통증', '불면', '두통', '소화불량', '수족냉증', '피부', '부종', '스트레스'] as const;

export const REVIEW_STATUSES = ['제안완 검토중', '제안완 거절', '제안완 작성완료'] as const;
export const TESTIMONIAL_STATUSES = ['후기영상 촬영완료', '제안완 검토중', '카톡후기 받음'] as const;
