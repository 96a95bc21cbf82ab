import { describe, expect, it } from 'vitest';
import { parseEventCell } from '../../transforms/parse-event-date.ts';

const bounds = { today: '2025-06-30', earliest: '2020-01-01' };
const afterEntry = { ...bounds, reference: '2024-03-01' };

describe('parseEventCell', () => {
  it.each([
    ['2024.03.02', '2024-03-02', 'held'],
    ['2024.3.2', '2024-03-02', 'held'],
    ['2024-03-02 00:00:00', '2024-03-02', 'held'],
    ['2024.03.02 방문', '2024-03-02', 'held'],
    ['방문취소/2024.03.02', '2024-03-02', 'cancelled'],
    ['방문취소 / 2024.03.02', '2024-03-02', 'cancelled'],
    ['노쇼/2024.03.02', '2024-03-02', 'no_show'],
    ['N/S 2024.03.02', '2024-03-02', 'no_show'],
    ['2024.03.05 상담예정', '2024-03-05', 'scheduled'],
    ['2024.03.05 방문예정', '2024-03-05', 'scheduled'],
    ['X', null, 'not_done'],
    ['x', null, 'not_done'],
    ['-', null, 'not_done'],
    ['무응답', null, 'no_answer'],
    ['취소', null, 'cancelled'],
    ['노쇼', null, 'no_show'],
    ['N/S', null, 'no_show'],
    ['통화완료', null, 'held'],
  ])('%j → %s, %s', (raw, date, outcome) => {
    const cell = parseEventCell(raw, afterEntry);
    expect({ date: cell.date, outcome: cell.outcome }).toEqual({ date, outcome });
    expect(cell.issues).toEqual([]);
  });

  // Forms people type and Korean Excel writes: the same event, read as the day it names; the line is kept as written.
  it.each([
    ['2024-03-02 오후 3:04:05', '2024-03-02', 'held'],
    ['2024.03.02 (토) 방문', '2024-03-02', 'held'],
    ['2024.03.05 (화) 오후 2:00 상담예정', '2024-03-05', 'scheduled'],
    ['노쇼/２０２４．０３．０２', '2024-03-02', 'no_show'],
    ['방문취소/2024–03–02', '2024-03-02', 'cancelled'],
    ["'2024.03.02", '2024-03-02', 'held'],
    ['24년 3월 2일 방문', '2024-03-02', 'held'],
  ])('folded and with a weekday or time: %j → %s, %s', (raw, date, outcome) => {
    const cell = parseEventCell(raw, afterEntry);
    expect({ date: cell.date, outcome: cell.outcome }).toEqual({ date, outcome });
    expect(cell.events[0]!.text).toBe(raw);
    expect(cell.issues).toEqual([]);
  });

  it('a weekday that does not fall on the date leaves the event undated, with the reason', () => {
    const cell = parseEventCell('2024.03.02 (월) 방문', afterEntry);
    expect(cell.date).toBeNull();
    expect(cell.issues).toEqual([{ issue: 'DATE_WEEKDAY_MISMATCH', text: '2024.03.02 (월) 방문' }]);
  });

  it.each([
    ['방문취소/2024.03.02\n2024.03.09', '2024-03-09', 'held', ['cancelled', 'held']],
    ['2024.03.02\n노쇼/2024.03.09', '2024-03-02', 'held', ['held', 'no_show']],
    ['2024.03.05 상담예정\n노쇼/2024.03.05', '2024-03-05', 'no_show', ['scheduled', 'no_show']],
    ['3/5 1차컨택(전원꺼짐)\n3/6 문자보냄', '2024-03-06', 'no_answer', ['no_answer', 'no_answer']],
    ['3/5 1차컨택(전원꺼짐)\r\n3/7 통화완료', '2024-03-07', 'held', ['no_answer', 'held']],
  ])('two events on two lines: %j → %s, %s', (raw, date, outcome, each) => {
    const cell = parseEventCell(raw, afterEntry);
    expect({ date: cell.date, outcome: cell.outcome }).toEqual({ date, outcome });
    expect(cell.events.map((e) => e.outcome)).toEqual(each);
  });

  it('gives a month/day the year of the entry date, or the next one across new year', () => {
    expect(parseEventCell('3/5 통화', { ...bounds, reference: '2024-02-20' }).date).toBe('2024-03-05');
    expect(parseEventCell('1/3 통화', { ...bounds, reference: '2024-12-28' }).date).toBe('2025-01-03');
    expect(parseEventCell('3월 5일 통화', { ...bounds, reference: '2024-02-20' }).date).toBe('2024-03-05');
  });

  it('leaves a month/day without a reference empty, and says so', () => {
    const cell = parseEventCell('3/5 1차컨택(전원꺼짐)', bounds);
    expect(cell).toMatchObject({ date: null, outcome: 'no_answer', issues: [{ issue: 'DATE_NO_YEAR' }] });
  });

  it.each([
    ['2024.13.02', 'DATE_IMPOSSIBLE'],
    ['방문취소/2024.02.30', 'DATE_IMPOSSIBLE'],
    ['2027.03.02', 'DATE_IN_FUTURE'],
    ['2019.03.02', 'DATE_BEFORE_OPENING'],
    ['가격문의', 'EVENT_UNCLEAR'],
  ])('%j has no date, with %s', (raw, issue) => {
    const cell = parseEventCell(raw, afterEntry);
    expect(cell.date).toBeNull();
    expect(cell.issues.map((i) => i.issue)).toEqual([issue]);
  });

  it('never reads unknown words as an event that happened', () => {
    expect(parseEventCell('가격문의', afterEntry).outcome).toBe('unclear');
  });

  it('accepts a visit booked after today: only what happened must be in the past', () => {
    expect(parseEventCell('2026.07.01 상담예정', afterEntry)).toMatchObject({ date: '2026-07-01', outcome: 'scheduled', issues: [] });
  });

  it('a blank cell is no event', () => {
    expect(parseEventCell('  ', afterEntry)).toEqual({ date: null, outcome: null, events: [], issues: [] });
  });
});
