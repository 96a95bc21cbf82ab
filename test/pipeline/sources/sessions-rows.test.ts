// The usage row function alone: fill-down state per file, separator rows, the rejects no sample row needs.

import { describe, expect, it } from 'vitest';
import { findHeader } from '../../../pipeline/read/header.ts';
import type { FileContext, RawRow, RowOutcome } from '../../../pipeline/source.ts';
import { USAGE_COLUMNS, type UsageKey } from '../../../pipeline/sources/sessions-layout.ts';
import { USAGE_STAGING_COLUMNS, createUsageRowMapper } from '../../../pipeline/sources/sessions-rows.ts';

const RUN = { runId: 'test', today: '2025-12-31', earliest: '2020-01-01' };
const LAYOUT_6 = ['날짜', '성함', '비고', '실행 패키지 or 프로모션', '세션 진행 사항', '특이사항', '상담내용', '주 관심 서비스'];

function sheet(name: string, labels = LAYOUT_6) {
  const header = findHeader([{ line: 1, fields: labels, raw: '' }], USAGE_COLUMNS, name)!;
  const context: FileContext = { file: `/in/${name}`, name, header: { line: 1, labels, keys: header.keys }, preamble: [] };
  let line = 1;
  const row = (...cells: string[]): [RawRow<UsageKey>, FileContext] => {
    const values: Partial<Record<UsageKey, string>> = {};
    header.keys.forEach((k, i) => k && cells[i] !== undefined && (values[k] = cells[i]));
    return [{ line: ++line, raw: cells.join(','), values }, context];
  };
  return { row };
}

/** [service, session_date] per staged session. */
function sessions(outcome: RowOutcome): [unknown, unknown][] {
  if (outcome.kind !== 'stage-many') return [];
  const service = USAGE_STAGING_COLUMNS.indexOf('service');
  const date = USAGE_STAGING_COLUMNS.indexOf('session_date');
  return outcome.rows.map((r) => [r[service], r[date]]);
}

describe('usage row function', () => {
  it('fills blank dates from the row above, a separator row\'s date included', () => {
    const map = createUsageRowMapper(RUN);
    const s = sheet('2024년7월.csv');
    expect(sessions(map(...s.row('2024-07-01 00:00:00', '김민지', '', '레드 3/10')))).toEqual([['레드', '2024-07-01']]);
    expect(sessions(map(...s.row('', '이서연', '', '펄스 1.2/20')))).toEqual([['펄스', '2024-07-01'], ['펄스', '2024-07-01']]);
    expect(map(...s.row('2024-07-02 00:00:00', '', '', ''))).toEqual({ kind: 'skip', reason: 'SEPARATOR_ROW', warnings: [] });
    expect(sessions(map(...s.row('', '박서준', '', '림프 2/10')))).toEqual([['림프', '2024-07-02']]);
  });

  it('starts every file afresh: a blank date at the top of the next sheet has nothing to fill from', () => {
    const map = createUsageRowMapper(RUN);
    map(...sheet('2024년7월.csv').row('2024-07-01 00:00:00', '김민지', '', '레드 3/10'));
    const next = map(...sheet('2024년8월.csv').row('', '이서연', '', '레드 4/10'));
    expect(next).toMatchObject({ kind: 'reject', issue: { code: 'DATE_MISSING' } });
  });

  it('rejects an unreadable date, and the blank-dated rows below it, naming the line', () => {
    const map = createUsageRowMapper(RUN);
    const s = sheet('2024년7월.csv');
    expect(map(...s.row('7월 둘째주', '김민지', '', '레드 3/10'))).toMatchObject({ kind: 'reject', issue: { code: 'DATE_UNPARSEABLE', column: '날짜' } });
    const below = map(...s.row('', '이서연', '', '레드 4/10'));
    expect(below).toMatchObject({ kind: 'reject', issue: { code: 'DATE_MISSING' } });
    expect(below.kind === 'reject' && below.issue.reason).toContain('line 2');
  });

  it('repairs `204-04-12` from the sheet\'s year and warns about dates outside the sheet\'s month', () => {
    const map = createUsageRowMapper(RUN);
    const s = sheet('2024년4월.csv');
    const repaired = map(...s.row('204-04-12', '김민지', '', '레드 3/10'));
    expect(sessions(repaired)).toEqual([['레드', '2024-04-12']]);
    expect(repaired.warnings?.map((w) => w.code)).toEqual(['DATE_YEAR_REPAIRED']);
    const early = map(...s.row('2024-03-30 00:00:00', '이서연', '', '레드 4/10'));
    expect(sessions(early)).toEqual([['레드', '2024-03-30']]);
    expect(early.warnings?.map((w) => w.code)).toEqual(['DATE_OUTSIDE_SHEET_MONTH']);
  });

  it('keeps a named row with no service as one unknown session, with a warning', () => {
    const map = createUsageRowMapper(RUN);
    const outcome = map(...sheet('2024년7월.csv').row('2024-07-01 00:00:00', '김민지', '상담만', ''));
    expect(sessions(outcome)).toEqual([['unknown', '2024-07-01']]);
    expect(outcome.warnings?.map((w) => w.code)).toEqual(['SERVICE_MISSING']);
  });

  it('keeps a row with sessions but no name for review rather than dropping it', () => {
    const map = createUsageRowMapper(RUN);
    const outcome = map(...sheet('2024년7월.csv').row('2024-07-01 00:00:00', '', '', '레드 3/10'));
    expect(outcome.kind).toBe('stage-many');
    const blocker = USAGE_STAGING_COLUMNS.indexOf('match_blocker');
    expect(outcome.kind === 'stage-many' && outcome.rows[0]![blocker]).toBe('NAME_MISSING');
  });

  it('refuses a sheet whose header fits none of the eight layouts', () => {
    const map = createUsageRowMapper(RUN);
    const s = sheet('2024년7월.csv', ['날짜', '성함', '비고']);
    expect(() => map(...s.row('2024-07-01 00:00:00', '김민지', ''))).toThrow(expect.objectContaining({ code: 'CSV_LAYOUT_UNKNOWN' }));
  });

  // Cells typed with the Korean IME or marked by Excel: the date, the package line and the counters read folded.
  it.each([
    ['2024-07-01 오후 3:04:05', '레드 3/10', '2024-07-01'], // Korean Excel's CSV date-time
    ['２０２４－０７－０１', '레드 ３/１０', '2024-07-01'],
    ["'2024-07-01", '레드 3/10', '2024-07-01'],
    ['2024-07-01 (월)', '레드 3/10', '2024-07-01'],
  ])('reads the date %j and the line %j as that day and session', (date, line, day) => {
    const map = createUsageRowMapper(RUN);
    const outcome = map(...sheet('2024년7월.csv').row(date, '김민지', '', line));
    expect(sessions(outcome)).toEqual([['레드', day]]);
    expect(outcome.kind === 'stage-many' && outcome.rows[0]![USAGE_STAGING_COLUMNS.indexOf('session_number')]).toBe(3);
    expect(outcome.warnings).toEqual([]);
  });

  it.each([
    ['３', '１１.0', 3, 11],
    ["'3", "'11.0", 3, 11],
  ])('reads the used/total counters %j / %j of layout 7 as %d / %d', (used, total, u, t) => {
    const labels = [...LAYOUT_6, '레드\n(이용횟수/전체횟수)', ''];
    const map = createUsageRowMapper(RUN);
    const outcome = map(...sheet('2025년3월.csv', labels).row('2025-03-04 00:00:00', '김민지', '', '레드 3/11', '', '', '', '', used, total));
    const at = (c: (typeof USAGE_STAGING_COLUMNS)[number]) => (outcome.kind === 'stage-many' ? outcome.rows[0]![USAGE_STAGING_COLUMNS.indexOf(c)] : undefined);
    expect([at('sheet_used'), at('sheet_total')]).toEqual([u, t]);
    expect(outcome.warnings).toEqual([]);
  });
});
