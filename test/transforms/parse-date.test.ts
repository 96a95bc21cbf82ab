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
    expect(parseDate(raw, bounds)).toEqual({ date, form, issue: null });
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
    expect(parseDate('204-04-12 00:00:00', { repairYear: 2024 })).toEqual({ date: '2024-04-12', form: 'excel-datetime', issue: 'DATE_YEAR_TYPO' });
    expect(parseDate('204-04-12', { repairYear: 2023 }).date).toBeNull();
  });

  it('reads each cell on its own: one odd first row does not change how the rest parse', () => {
    const column = ['2024-03-02 10:11:12', '2024.03.05', '2024.3.6', '2024.03.07'];
    expect(column.map((c) => parseDate(c).date)).toEqual(['2024-03-02', '2024-03-05', '2024-03-06', '2024-03-07']);
  });

  it('treats blank as no date, without an issue', () => {
    expect(parseDate('')).toEqual({ date: null, form: null, issue: null });
    expect(parseDate('  ')).toEqual({ date: null, form: null, issue: null });
    expect(parseDate(undefined)).toEqual({ date: null, form: null, issue: null });
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
