// Small ledgers for the review-decision tests, written with the bytes the center's files have (UTF-8 with
// a byte-order mark or CP949, CRLF): a master of eight invented customers, and usage, payment, kit and
// lead sheets whose names the matching cannot settle — a relative (`이서연 어머님`), a staff test row
// (`테스트`), namesakes (`최유진`), a stranger with a phone in 고객정보 (`김영희`).

import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { writeSample } from '../../samples/generator/write-csv.ts';

export const MASTER_HEADER = ['번호', '첫방문일', '이름', '연락처', '거주지역', '방문경로', '리뷰제안', '후기제안', '고객파일', '호소문제', '비고', '담당자'];

/** [번호, 첫방문일, 이름, 연락처]: 4 and 5 share a name; 7 and 8 have no phone. */
export const MASTER: readonly (readonly [number, string, string, string])[] = [
  [1, '2024-01-05', '김민지', '010-2222-1001'],
  [2, '2024-02-10', '이서연', '010-2222-1002'],
  [3, '2024-03-15', '박지훈', '010-2222-1003'],
  [4, '2024-04-01', '최유진', '010-2222-1004'],
  [5, '2024-04-20', '최유진', '010-2222-1005'],
  [6, '2024-05-02', '정하늘', '010-2222-1006'],
  [7, '2024-06-11', '오세훈', ''],
  [8, '2024-07-07', '윤서아', ''],
];

export function writeMaster(dir: string, rows: readonly (readonly [number, string, string, string])[] = MASTER): string {
  const path = join(dir, '고객관리대장_전체고객.csv');
  writeSample(path, [MASTER_HEADER, ...rows.map(([no, first, name, phone]) => [String(no), `${first} 00:00:00`, name, phone, '서울 강서구', '당근', '', '', '', '', '', ''])], 'utf-8-bom');
  return path;
}

/** A usage visit: [date, 성함, 실행 패키지]. */
export type Visit = readonly [string, string, string];

const USAGE_HEADER = ['날짜', '성함', '비고', '실행 패키지 or 프로모션', '세션 진행 사항', '상담내용', '특이사항', '주 관심 서비스'];

/** A usage sheet of layout 5 (2023-02..2024-06 columns; the month comes from the file name). */
export function writeUsageSheet(dir: string, name: string, visits: readonly Visit[], encoding: 'utf-8-bom' | 'cp949' = 'cp949'): string {
  const path = join(dir, '이용현황', name);
  writeSample(path, [USAGE_HEADER, ...visits.map(([date, who, packages]) => [`${date} 00:00:00`, who, '', packages, "(20')", '', '', ''])], encoding);
  return path;
}

const USAGE_WITH_INFO_HEADER = ['날짜', '성함', '고객정보(연령, 성별, 연락처)', '비고', '실행 패키지 or 프로모션', '세션 진행 사항', '상담내용', '특이사항', '주 관심 서비스'];

/** A usage sheet of layout 4 (2022-09..2023-01), whose 고객정보 carries a phone: [date, 성함, 고객정보, 실행 패키지]. */
export function writeUsageSheetWithInfo(dir: string, name: string, visits: readonly (readonly [string, string, string, string])[]): string {
  const path = join(dir, '이용현황', name);
  writeSample(path, [USAGE_WITH_INFO_HEADER, ...visits.map(([date, who, info, packages]) => [`${date} 00:00:00`, who, info, '', packages, "(20')", '', '', ''])], 'cp949');
  return path;
}

const PAYMENT_HEADER = ['번호', '결제일자', '고객명', '결제 프로그램', '결제 금액', '카드 명의자명', '승인번호', '결제 담당자', '유입', '등급', '구매', '세션시작일', '계약만료일', '기타'];

/** A monthly payment sheet: [date, 고객명, 프로그램, 금액]. */
export function writePaymentSheet(dir: string, name: string, rows: readonly (readonly [string, string, string, number])[]): string {
  const path = join(dir, '결제현황', name);
  const title = [`${name.replace(/\.csv$/, '')} 결제현황`, ...Array(13).fill('')];
  const body = rows.map(([date, who, program, amount], i) => [String(i + 1), `${date} 00:00:00`, who, program, amount.toLocaleString('en-US'), '', '12345678', '', '', '', '', '', '', '']);
  writeSample(path, [title, Array(14).fill(''), PAYMENT_HEADER, ...body], 'utf-8-bom');
  return path;
}

/** The kit list: [고객명, 시리얼번호]. */
export function writeKits(dir: string, rows: readonly (readonly [string, string])[]): string {
  const path = join(dir, '고객관리대장_키트고객.csv');
  writeSample(path, [['고객명', '키트', '시리얼번호', '키트수령일', '결과지 수령일', '결과지 전달일'], ...rows.map(([who, serial]) => [who, '유기산', serial, '', '', ''])], 'utf-8-bom');
  return path;
}

/** The lead list: [이름, 연락처, DB입력일]. */
export function writeLeads(dir: string, rows: readonly (readonly [string, string, string])[]): string {
  const path = join(dir, '유입고객_DB리스트.csv');
  writeSample(path, [['이름', '유입경로', '연락처', 'DB입력일', '전화상담일', '방문상담일', '등록일'], ...rows.map(([who, phone, entry]) => [who, '유튜브', phone, entry, 'X', '', ''])], 'utf-8-bom');
  return path;
}

/**
 * The exported review file with its decision cells filled in, saved as Korean Excel's "CSV (쉼표로 분리)"
 * does: CP949 without a byte-order mark, CRLF. `decide` maps a line's cells (by column) to its decision.
 */
export function fillDecisions(exported: Buffer, decide: (cells: Record<string, string>) => string, encoding: 'cp949' | 'utf-8-bom' = 'cp949'): Buffer {
  const text = exported.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? exported.subarray(3).toString('utf8') : iconv.decode(exported, 'cp949');
  const records = parse(text, { relax_column_count: true }) as string[][];
  const header = records[0]!;
  const at = header.indexOf('decision');
  const lines = records.map((cells, i) => {
    if (i === 0) return cells;
    const out = [...cells];
    out[at] = decide(Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])));
    return out;
  });
  const body = lines.map((cells) => cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
  const bytes = iconv.encode(body, 'cp949');
  if (iconv.decode(bytes, 'cp949') !== body) throw new Error('the review file has a character CP949 lacks: Excel would have written ? for it');
  return bytes;
}
