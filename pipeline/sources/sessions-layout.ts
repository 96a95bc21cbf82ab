// The monthly usage sheets' columns and their eight header layouts (SOURCES.md §4). The header finder maps
// labels to these keys; `detectUsageLayout` names the layout from the labels alone, so the report can say
// which sheet had which shape and a sheet of a ninth shape is noticed.

import { buildLabelIndex, keyForLabel, type ColumnSpec } from '../read/header.ts';

export const USAGE_COLUMNS = [
  { key: 'date', labels: ['날짜', '일자'], required: true, reader: 'date' },
  { key: 'name', labels: ['성함', '이름', '고객명'], required: true },
  { key: 'customerInfo', labels: ['고객정보'] }, //                    `고객정보(연령, 성별, 연락처)`
  // One month of layout 5 has a column with no label right after 비고: kept as a second note.
  { key: 'notes', labels: ['비고'], continuedBy: 'notesUnlabelled' }, // `비고(쿠폰/지인 등)`
  { key: 'notesUnlabelled', labels: [] },
  { key: 'programs', labels: ['실행 프로그램'], reader: 'services' }, //                  layouts 1–2: full programme names
  { key: 'packages', labels: ['실행 패키지 or 프로모션'], reader: 'services' }, //          layouts 3–8: `레드 21.22/100`
  { key: 'memo', labels: ['메모'] },
  { key: 'review', labels: ['리뷰'] },
  { key: 'sessionDetail', labels: ['세부 세션 내역'] },
  { key: 'progress', labels: ['세션 진행 사항'] },
  { key: 'interest', labels: ['주 관심 서비스'] },
  { key: 'consultation', labels: ['상담내용'] }, //                    `상담내용(Q&A 형태로 작성)`
  { key: 'reaction', labels: ['고객반응'] },
  { key: 'remarks', labels: ['특이사항'] },
  // Layouts 7–8: `브레인\n(이용횟수/전체횟수)` over two cells, used (`3`) then total (`11.0`).
  { key: 'brainUsed', labels: ['브레인(이용횟수/전체횟수)'], continuedBy: 'brainTotal', reader: 'number' },
  { key: 'brainTotal', labels: [], reader: 'number' },
  { key: 'pulseUsed', labels: ['펄스(이용횟수/전체횟수)'], continuedBy: 'pulseTotal', reader: 'number' },
  { key: 'pulseTotal', labels: [], reader: 'number' },
  { key: 'lymphUsed', labels: ['림프(이용횟수/전체횟수)'], continuedBy: 'lymphTotal', reader: 'number' },
  { key: 'lymphTotal', labels: [], reader: 'number' },
  { key: 'redUsed', labels: ['레드(이용횟수/전체횟수)'], continuedBy: 'redTotal', reader: 'number' },
  { key: 'redTotal', labels: [], reader: 'number' },
  // Layout 8: `브레인\n잔여횟수`.
  { key: 'brainRemaining', labels: ['브레인잔여횟수', '브레인 잔여'], reader: 'number' },
  { key: 'pulseRemaining', labels: ['펄스잔여횟수', '펄스 잔여'], reader: 'number' },
  { key: 'lymphRemaining', labels: ['림프잔여횟수', '림프 잔여'], reader: 'number' },
  { key: 'redRemaining', labels: ['레드잔여횟수', '레드 잔여'], reader: 'number' },
] as const satisfies readonly ColumnSpec[];

export type UsageKey = (typeof USAGE_COLUMNS)[number]['key'];

/** The four services with package counters in layouts 7–8, and their columns. */
export const COUNTER_COLUMNS = [
  { service: '브레인', used: 'brainUsed', total: 'brainTotal', remaining: 'brainRemaining' },
  { service: '펄스', used: 'pulseUsed', total: 'pulseTotal', remaining: 'pulseRemaining' },
  { service: '림프', used: 'lymphUsed', total: 'lymphTotal', remaining: 'lymphRemaining' },
  { service: '레드', used: 'redUsed', total: 'redTotal', remaining: 'redRemaining' },
] as const;

export const USAGE_LAYOUTS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export type UsageLayout = (typeof USAGE_LAYOUTS)[number];

/** One line per layout, for messages and the report. */
export const LAYOUT_NAMES: Record<UsageLayout, string> = {
  1: 'to 2022-01: 실행 프로그램, 메모',
  2: '2022-02..07: layout 1 plus 리뷰',
  3: '2022-08: 고객정보, 실행 패키지, 세부 세션 내역, 고객반응',
  4: '2022-09..2023-01: 고객정보, 실행 패키지, 상담내용 before 특이사항',
  5: '2023-02..2024-06: layout 4 without 고객정보',
  6: '2024-07..2025-01: layout 5 with 특이사항 before 상담내용',
  7: '2025-02..03: plus used/total pairs per service',
  8: '2025-04..06: plus remaining-count columns',
};

const INDEX = buildLabelIndex(USAGE_COLUMNS);

/** Names the layout from the header labels, or null when they fit none of the eight. */
export function detectUsageLayout(labels: readonly string[]): UsageLayout | null {
  const keys = labels.map((label) => keyForLabel(INDEX, label));
  const has = (key: UsageKey) => keys.includes(key);
  if (!has('date') || !has('name')) return null;
  if (has('brainRemaining') || has('pulseRemaining') || has('lymphRemaining') || has('redRemaining')) return 8;
  if (has('brainUsed') || has('pulseUsed') || has('lymphUsed') || has('redUsed')) return 7;
  if (has('packages')) {
    if (has('sessionDetail') || has('reaction')) return 3;
    if (has('customerInfo')) return 4;
    const consultation = keys.indexOf('consultation');
    const remarks = keys.indexOf('remarks');
    if (consultation >= 0 && remarks >= 0) return remarks < consultation ? 6 : 5;
    return 5;
  }
  if (has('programs')) return has('review') ? 2 : 1;
  return null;
}
