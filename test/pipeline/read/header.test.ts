import { describe, expect, it } from 'vitest';
import { EtlError } from '../../../pipeline/errors.ts';
import { describeMissingHeader, findHeader, normalizeLabel } from '../../../pipeline/read/header.ts';
import type { CsvRecord } from '../../../pipeline/read/parse-csv.ts';
import { CUSTOMER_COLUMNS } from '../../../pipeline/sources/customers.ts';

const records = (...rows: string[][]): CsvRecord[] => rows.map((fields, i) => ({ line: i + 1, fields, raw: fields.join(',') }));

describe('header', () => {
  it('normalizes labels: whitespace and line breaks gone, NFC, lower case', () => {
    expect(normalizeLabel('후기제안\n\n(영상 or 카톡)')).toBe('후기제안(영상or카톡)');
    expect(normalizeLabel('고객파일 ')).toBe('고객파일');
    expect(normalizeLabel('NO')).toBe('no');
  });

  it('finds the header of the export on line 1', () => {
    const header = findHeader(records(['번호', '첫방문일', '이름', '연락처', '거주지역', '방문경로', '리뷰제안', '후기제안', '고객파일', '호소문제', '비고', '담당자']), CUSTOMER_COLUMNS, 'f.csv');
    expect(header?.line).toBe(1);
    expect(header?.keys).toEqual(['ledgerNo', 'firstVisit', 'name', 'phone', 'region', 'referral', 'review', 'testimonial', 'fileLocation', 'concerns', 'notes', 'staff']);
    expect(header?.unmapped).toEqual([]);
  });

  it('finds the raw sheet header under a title and a blank row, with old labels and an empty first column', () => {
    const header = findHeader(
      records(
        ['', '(전체) 고객관리대장', '', ''],
        ['', '', '', ''],
        ['', 'NO', '첫방문일', '성함', '연락처', '거주지역', '방문경로', '리뷰제안', '후기제안\n\n(영상 or 카톡)', '고객파일 ', '호소문제', '비고(메모)', '담당자', '메모2'],
      ),
      CUSTOMER_COLUMNS,
      'f.csv',
    );
    expect(header?.index).toBe(2);
    expect(header?.keys).toEqual([null, 'ledgerNo', 'firstVisit', 'name', 'phone', 'region', 'referral', 'review', 'testimonial', 'fileLocation', 'concerns', 'notes', 'staff', null]);
    expect(header?.unmapped).toEqual(['메모2']);
  });

  it('refuses two columns that name the same thing', () => {
    expect(() => findHeader(records(['번호', '이름', '성함', '연락처']), CUSTOMER_COLUMNS, 'f.csv')).toThrow(
      expect.objectContaining({ code: 'CSV_HEADER_DUPLICATE' }),
    );
  });

  it('lists what is missing and what was found when no header fits', () => {
    const rows = records(['이름', '유입경로', '연락처'], ['김민지', '당근', '1012345678']);
    expect(findHeader(rows, CUSTOMER_COLUMNS, 'leads.csv')).toBeNull();
    const error = describeMissingHeader(rows, CUSTOMER_COLUMNS, 'leads.csv', 'customers');
    expect(error).toBeInstanceOf(EtlError);
    expect(error.code).toBe('CSV_HEADER_MISSING');
    expect(error.message).toContain('missing 번호');
    expect(error.message).toContain('"유입경로"');
  });

  it('gives the blank cell after a two-cell label its continuation key, and no other blank cell', () => {
    const columns = [
      { key: 'date', labels: ['날짜'], required: true },
      { key: 'redUsed', labels: ['레드(이용횟수/전체횟수)'], continuedBy: 'redTotal' },
      { key: 'redTotal', labels: [] },
      { key: 'notes', labels: ['메모'] },
    ] as const;
    const header = findHeader(records(['', '날짜', '레드\n(이용횟수/전체횟수)', '', '', '메모', '']), columns, 'f.csv');
    expect(header?.keys).toEqual([null, 'date', 'redUsed', 'redTotal', null, 'notes', null]);
    expect(header?.absent).toEqual([]);
  });
});
