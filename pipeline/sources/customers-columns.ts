// The customer master's columns as the ledger labels them, and the staging columns its rows fill
// (this list drives the COPY column list and the order of values in customers.ts).

import type { ColumnSpec } from '../read/header.ts';

export const CUSTOMER_COLUMNS = [
  { key: 'ledgerNo', labels: ['번호', 'NO', 'No.', '고객번호'], required: true, reader: 'number' },
  { key: 'firstVisit', labels: ['첫방문일', '첫 방문일'], kind: 'date' },
  { key: 'name', labels: ['이름', '성함', '고객명'], required: true, kind: 'name' },
  { key: 'phone', labels: ['연락처', '전화번호', '휴대폰'], required: true, kind: 'phone' },
  { key: 'region', labels: ['거주지역', '지역'] },
  { key: 'referral', labels: ['방문경로'] },
  { key: 'review', labels: ['리뷰제안'] },
  { key: 'testimonial', labels: ['후기제안'] },
  { key: 'fileLocation', labels: ['고객파일'] },
  { key: 'concerns', labels: ['호소문제'] },
  { key: 'notes', labels: ['비고', '메모'] },
  { key: 'staff', labels: ['담당자'] },
] as const satisfies readonly ColumnSpec[];

export type CustomerKey = (typeof CUSTOMER_COLUMNS)[number]['key'];

/** Drives the COPY column list and the order of values below. */
export const CUSTOMER_STAGING_COLUMNS = [
  'line', 'ledger_no', 'name', 'name_raw', 'phone', 'phone_raw', 'phone_status', 'first_visit_date', 'region',
  'referral_source', 'referral_detail', 'review_suggestion', 'testimonial_suggestion', 'file_location',
  'health_concerns', 'health_interests', 'notes', 'assigned_staff', 'birth_year', 'dedupe_key',
] as const;

