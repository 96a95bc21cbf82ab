import { describe, expect, it } from 'vitest';
import { detectUsageLayout } from '../../../pipeline/sources/sessions-layout.ts';

// The eight header layouts of SOURCES.md §4, with the labels as the sheets write them (trailing spaces,
// line breaks, parenthesised notes, the blank second cell of each used/total pair).
const PACKAGE = '실행 패키지 \nor 프로모션 ';
const INFO = '고객정보(연령, 성별, 연락처)';
const PAIRS = ['브레인\n(이용횟수/전체횟수)', '', '펄스\n(이용횟수/전체횟수)', '', '림프\n(이용횟수/전체횟수)', '', '레드\n(이용횟수/전체횟수)', ''];
const REMAINING = ['브레인\n잔여횟수', '펄스\n잔여횟수', '림프\n잔여횟수', '레드\n잔여횟수'];
const LAYOUT_6 = ['날짜', '성함', '비고', '실행 패키지 or 프로모션', '세션 진행 사항', '특이사항', '상담내용', '주 관심 서비스'];

describe('detectUsageLayout', () => {
  it.each<[number, string[]]>([
    [1, ['날짜', '성함', '비고(쿠폰/지인 등)', '실행 프로그램', '메모']],
    [2, ['날짜', '성함', '비고(쿠폰/지인 등)', '실행 프로그램', '메모', '리뷰']],
    [3, ['날짜', '성함', INFO, '비고', PACKAGE, '세부 세션 내역', '세션 진행 사항', '주 관심 서비스', '상담내용(Q&A 형태로 작성)', '고객반응(만족도, 재방문 의사)', '특이사항']],
    [4, ['날짜', '성함', INFO, '비고', PACKAGE, '세션 진행 사항', '상담내용', '특이사항', '주 관심 서비스']],
    [5, ['날짜', '성함', '비고', '실행 패키지 or 프로모션', '세션 진행 사항', '상담내용', '특이사항', '주 관심 서비스']],
    // layout 5 in the month with an extra unnamed column
    [5, ['날짜', '성함', '비고', '', '실행 패키지 or 프로모션', '세션 진행 사항', '상담내용', '특이사항', '주 관심 서비스']],
    [6, LAYOUT_6],
    [7, [...LAYOUT_6, ...PAIRS]],
    [8, [...LAYOUT_6, ...PAIRS, ...REMAINING]],
    // raw dumps: an empty first column, trailing blank cells
    [1, ['', '날짜 ', '성함', '비고(쿠폰/지인 등)', '실행 프로그램', '메모', '', '']],
  ])('names layout %i from %j', (layout, labels) => {
    expect(detectUsageLayout(labels)).toBe(layout);
  });

  it('layout 8 has 20 columns', () => {
    expect([...LAYOUT_6, ...PAIRS, ...REMAINING]).toHaveLength(20);
  });

  it.each([
    [['날짜', '성함', '비고', '메모']], // no service column
    [['번호', '결제일자', '고객명', '결제 프로그램', '결제 금액']], // a payment sheet
    [['성함', '실행 프로그램']], // no date
  ])('fits none of the eight: %j', (labels) => {
    expect(detectUsageLayout(labels)).toBeNull();
  });
});
