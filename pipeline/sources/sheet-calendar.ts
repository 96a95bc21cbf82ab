// Dates on a monthly sheet, read against the month its file name gives (`2024년4월` → 2024-04): the year
// of a `204-04-12` typo is repaired from the sheet (with a warning), and a date outside the sheet's month
// is kept with a warning. A sheet named without a year (`(5-6월)`) learns it from its first fitting date;
// a file named without a month (the 전체 결제대장 ledger) is not checked.

import type { RowIssue, RunContext } from '../source.ts';
import { parseDate, type DateIssue } from '../../transforms/parse-date.ts';
import { describeSheetMonth, inSheetMonth, learnYear, sheetMonthFromName, type SheetMonth } from '../../transforms/sheet-month.ts';

export interface SheetDate {
  date: string | null;
  issue: DateIssue | null;
  warnings: RowIssue[];
}

export interface SheetCalendar {
  /** The sheet's month(s), or null when the file name gives none. */
  readonly sheet: SheetMonth | null;
  read(cell: string, column: string): SheetDate;
}

export function createSheetCalendar(fileName: string, run: RunContext): SheetCalendar {
  let sheet = sheetMonthFromName(fileName);
  return {
    get sheet() {
      return sheet;
    },
    read(cell, column) {
      const parsed = parseDate(cell, { today: run.today, earliest: run.earliest, repairYear: sheet?.year ?? undefined });
      if (parsed.date === null) return { date: null, issue: parsed.issue, warnings: [] };
      const warnings: RowIssue[] = [];
      if (parsed.issue === 'DATE_YEAR_TYPO') {
        warnings.push({ code: 'DATE_YEAR_REPAIRED', column, value: cell, reason: `the year is missing a digit; read as ${parsed.date}, the year of the sheet ${fileName}` });
      }
      if (sheet !== null) {
        sheet = learnYear(sheet, parsed.date);
        if (!inSheetMonth(sheet, parsed.date)) {
          warnings.push({ code: 'DATE_OUTSIDE_SHEET_MONTH', column, value: cell, reason: `the sheet is for ${describeSheetMonth(sheet)} (from its file name) but this row is dated ${parsed.date}; kept as written` });
        }
      }
      return { date: parsed.date, issue: null, warnings };
    },
  };
}
