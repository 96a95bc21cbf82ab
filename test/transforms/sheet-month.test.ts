import { describe, expect, it } from 'vitest';
import { inSheetMonth, learnYear, sheetMonthFromName } from '../../transforms/sheet-month.ts';

describe('sheetMonthFromName', () => {
  it.each([
    // usage sheets (SOURCES.md §4)
    ['(5-6월)_고객이용현황.csv', { year: null, firstMonth: 5, lastMonth: 6 }],
    ['(22_1월)_고객이용현황.csv', { year: 2022, firstMonth: 1, lastMonth: 1 }],
    ['22년_3월.csv', { year: 2022, firstMonth: 3, lastMonth: 3 }],
    ['23년5월.csv', { year: 2023, firstMonth: 5, lastMonth: 5 }],
    ['2024년7월.csv', { year: 2024, firstMonth: 7, lastMonth: 7 }],
    ['2025년3월.csv', { year: 2025, firstMonth: 3, lastMonth: 3 }],
    // payment sheets (§5)
    ['2025년 5월.csv', { year: 2025, firstMonth: 5, lastMonth: 5 }],
    ['2024년07월.csv', { year: 2024, firstMonth: 7, lastMonth: 7 }],
    ['23년12월.csv', { year: 2023, firstMonth: 12, lastMonth: 12 }],
    ['3월.csv', { year: null, firstMonth: 3, lastMonth: 3 }],
  ])('%s covers %j', (name, month) => {
    expect(sheetMonthFromName(name)).toEqual(month);
  });

  it.each(['전체 결제대장.csv', '2025년_결제현황.csv', '고객관리대장_전체고객.csv', '13월.csv'])('%s names no month', (name) => {
    expect(sheetMonthFromName(name)).toBeNull();
  });

  it('learns the year of a yearless sheet from a date in its months, and checks dates against it', () => {
    const sheet = sheetMonthFromName('(5-6월)_고객이용현황.csv')!;
    expect(inSheetMonth(sheet, '2021-06-30')).toBe(true);
    expect(learnYear(sheet, '2021-07-01').year).toBeNull();
    const learned = learnYear(sheet, '2021-05-03');
    expect(learned.year).toBe(2021);
    expect(inSheetMonth(learned, '2022-05-03')).toBe(false);
    expect(inSheetMonth(learned, '2021-07-01')).toBe(false);
  });
});
