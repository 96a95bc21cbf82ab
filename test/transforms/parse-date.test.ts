import { describe, expect, it } from 'vitest';
import { fromExcelSerial, parseDate, todayInSeoul } from '../../transforms/parse-date.ts';

const bounds = { today: '2025-06-30', earliest: '2020-01-01' };

describe('parseDate', () => {
  it.each([
    ['2023-05-11 00:00:00', '2023-05-11', 'excel-datetime'],
    ['2023-05-11', '2023-05-11', 'excel-datetime'],
    ['2024-01-15 14:30:00', '2024-01-15', 'excel-datetime'],
    ['2023.05.11', '2023-05-11', 'dot'],
    ['2023.5.7', '2023-05-07', 'dot'],
    ['2023. 5. 7.', '2023-05-07', 'dot'],
    ['23.05.11', '2023-05-11', 'short-dot'],
    ['2023/05/11', '2023-05-11', 'slash'],
    ['2023년 5월 7일', '2023-05-07', 'korean'],
    ['2023년5월7일', '2023-05-07', 'korean'],
    ['2023-5-7', '2023-05-07', 'dash'],
    ['45058', '2023-05-12', 'excel-serial'],
    ['45058.0', '2023-05-12', 'excel-serial'],
    ['20230511', '2023-05-11', 'compact'],
    ['2024-02-29', '2024-02-29', 'excel-datetime'],
  ])('%j → %s (%s)', (raw, date, form) => {
    expect(parseDate(raw, bounds)).toEqual({ date, form, issue: null, repairs: [] });
  });

  it.each([
    ['204-04-12', 'DATE_YEAR_TYPO'],
    ['2023-05-1', 'DATE_TRUNCATED'],
    ['2021년 부터', 'DATE_UNPARSEABLE'],
    ['미정', 'DATE_UNPARSEABLE'],
    ['2023-02-30', 'DATE_IMPOSSIBLE'],
    ['2023.13.01', 'DATE_IMPOSSIBLE'],
    ['2023-02-29', 'DATE_IMPOSSIBLE'],
    ['2027-06-30 00:00:00', 'DATE_IN_FUTURE'],
    ['2019-12-31', 'DATE_BEFORE_OPENING'],
    ['12345', 'DATE_UNPARSEABLE'],
  ])('%j → null with %s', (raw, issue) => {
    const result = parseDate(raw, bounds);
    expect(result.date).toBeNull();
    expect(result.issue).toBe(issue);
  });

  it('repairs 204-04-12 only when the sheet says which year it is', () => {
    expect(parseDate('204-04-12 00:00:00', { repairYear: 2024 })).toEqual({ date: '2024-04-12', form: 'excel-datetime', issue: 'DATE_YEAR_TYPO', repairs: [] });
    expect(parseDate('204-04-12', { repairYear: 2023 }).date).toBeNull();
  });

  it('reads each cell on its own: one odd first row does not change how the rest parse', () => {
    const column = ['2024-03-02 10:11:12', '2024.03.05', '2024.3.6', '2024.03.07'];
    expect(column.map((c) => parseDate(c).date)).toEqual(['2024-03-02', '2024-03-05', '2024-03-06', '2024-03-07']);
  });

  it('treats blank as no date, without an issue', () => {
    expect(parseDate('')).toEqual({ date: null, form: null, issue: null, repairs: [] });
    expect(parseDate('  ')).toEqual({ date: null, form: null, issue: null, repairs: [] });
    expect(parseDate(undefined)).toEqual({ date: null, form: null, issue: null, repairs: [] });
  });

  // The forms people type and Korean Excel writes that SOURCES.md does not list, one table per class:
  // the cell, the day it is, its form, and what had to be repaired to read it.
  describe.each<[string, [raw: string, date: string, form: string, repairs: string[]][]]>([
    [
      "Korean Excel's CSV date-time (오전/오후)",
      [
        ['2023-05-12 오후 3:04:05', '2023-05-12', 'excel-datetime', ['ampm-time']],
        ['2023-05-12 오전 9:04:05', '2023-05-12', 'excel-datetime', ['ampm-time']],
        ['2023-05-12 오후 3:04', '2023-05-12', 'excel-datetime', ['ampm-time']],
        ['2023-05-12 오전 12:00:00', '2023-05-12', 'excel-datetime', ['ampm-time']], // midnight, as Excel writes it
        ['2023. 5. 12. 오후 3:04:05', '2023-05-12', 'dot', ['ampm-time']],
        ['2023-05-12 3:04 PM', '2023-05-12', 'excel-datetime', ['ampm-time']],
      ],
    ],
    [
      'a date-time typed with a slash or a one-digit month',
      [
        ['2023/5/12 14:30', '2023-05-12', 'slash', []],
        ['2023/05/12 9:05:00', '2023-05-12', 'slash', []],
        ['2023-5-12 14:30', '2023-05-12', 'dash', []],
        ['2023-05-12T14:30:00', '2023-05-12', 'excel-datetime', []],
      ],
    ],
    [
      'a weekday after the date',
      [
        ['2023-05-12(금)', '2023-05-12', 'excel-datetime', ['weekday']],
        ['2023-05-12 (금)', '2023-05-12', 'excel-datetime', ['weekday']],
        ['2023.05.12 (금요일)', '2023-05-12', 'dot', ['weekday']],
        ['2023년 5월 12일 금요일', '2023-05-12', 'korean', ['weekday']],
        ['2023-05-12 (금) 오후 3:00', '2023-05-12', 'excel-datetime', ['ampm-time', 'weekday']],
      ],
    ],
    [
      'a two-digit year with 년',
      [
        ['23년 5월 12일', '2023-05-12', 'korean', []],
        ['23년5월12일', '2023-05-12', 'korean', []],
        ['24년 12월 3일 화요일', '2024-12-03', 'korean', ['weekday']],
      ],
    ],
    [
      'full-width digits and hyphen look-alikes',
      [
        ['２０２３－０５－１２', '2023-05-12', 'excel-datetime', ['full-width', 'dash']],
        ['２０２３．５．１２', '2023-05-12', 'dot', ['full-width']],
        ['2023–05–12', '2023-05-12', 'excel-datetime', ['dash']], // en dash
        ['2023—05—12', '2023-05-12', 'excel-datetime', ['dash']], // em dash
        ['2023−05−12', '2023-05-12', 'excel-datetime', ['dash']], // minus sign
        ['２０２３년　５월　１２일', '2023-05-12', 'korean', ['full-width', 'space']],
        ['2023-05-12\u200b', '2023-05-12', 'excel-datetime', ['zero-width']],
      ],
    ],
    [
      "Excel's marks",
      [
        ["'2023-05-12", '2023-05-12', 'excel-datetime', ['excel-apostrophe']],
        ["'2023.05.12", '2023-05-12', 'dot', ['excel-apostrophe']],
        ['45058.0', '2023-05-12', 'excel-serial', []],
        ['45058.625', '2023-05-12', 'excel-serial', []], // 3 p.m. that day
        ['４５０５８', '2023-05-12', 'excel-serial', ['full-width']],
      ],
    ],
    [
      'day and month before a four-digit year, when only one reading is a day',
      [
        ['05/13/2023', '2023-05-13', 'slash-year-last', []],
        ['13/05/2023', '2023-05-13', 'slash-year-last', []],
        ['13.05.2023', '2023-05-13', 'slash-year-last', []],
        ['05/05/2023', '2023-05-05', 'slash-year-last', []], // the same day either way
      ],
    ],
  ])('%s', (_name, cases) => {
    it.each(cases)('%j → %s (%s, %j)', (raw, date, form, repairs) => {
      expect(parseDate(raw, bounds)).toEqual({ date, form, issue: null, repairs });
    });
  });

  // Never guessed: a day that does not exist, or one that could be read two ways, stays empty with the reason.
  it.each([
    ['2023-02-30 오후 3:00:00', 'DATE_IMPOSSIBLE'],
    ['2023-13-01', 'DATE_IMPOSSIBLE'],
    ['２０２３－１３－０１', 'DATE_IMPOSSIBLE'],
    ['23년 2월 30일', 'DATE_IMPOSSIBLE'],
    ['31/02/2023', 'DATE_IMPOSSIBLE'],
    ['12/05/2023', 'DATE_AMBIGUOUS'], // 5 December or 12 May
    ['1/2/2023', 'DATE_AMBIGUOUS'],
    ['23/05/11', 'DATE_AMBIGUOUS'], // which part is the year?
    ['11-05-23', 'DATE_AMBIGUOUS'],
    ['2023-05-12 (목)', 'DATE_WEEKDAY_MISMATCH'], // the 12th was a Friday
    ['2023-05-12 오후 15:00', 'DATE_UNPARSEABLE'], // no such time: something else is wrong with the cell
    ['2023-05-12 25:00', 'DATE_UNPARSEABLE'],
    ['오후 3:04:05', 'DATE_UNPARSEABLE'],
    ['1.01235E+09', 'DATE_UNPARSEABLE'],
  ])('%j → null with %s', (raw, issue) => {
    const result = parseDate(raw, bounds);
    expect(result.date).toBeNull();
    expect(result.issue).toBe(issue);
  });

  it('counts Excel serials from 1899-12-30', () => {
    expect(fromExcelSerial(1)).toBe('1899-12-31');
    expect(fromExcelSerial(44927)).toBe('2023-01-01');
  });

  it("gives today's date in Seoul, not UTC", () => {
    expect(todayInSeoul(new Date('2025-06-30T16:00:00Z'))).toBe('2025-07-01');
    expect(todayInSeoul(new Date('2025-06-30T14:00:00Z'))).toBe('2025-06-30');
  });
});
