// The month a monthly sheet covers, read from its file name — never from the title row, which is sometimes
// wrong. Names seen: `(5-6월)_고객이용현황` (2021, two months, no year), `(22_1월)_고객이용현황`, `22년_3월`,
// `23년5월`, `2024년7월`, `2025년 5월`, `2024년07월`, and bare `3월` for the 2022 payment sheets. When the
// name has no year, the caller learns it from the sheet's first date (`learnYear`).

export interface SheetMonth {
  /** Four-digit year, or null when the name has none (`(5-6월)`, `3월`). */
  year: number | null;
  firstMonth: number;
  /** Equal to firstMonth except for two-month sheets (`(5-6월)`). */
  lastMonth: number;
}

// An optional year (`2024년`, `23년_`, `(22_`), then a month or a month range, then 월.
const MONTH_IN_NAME = /(?:(\d{4}|\d{2})\s*(?:년|_)\s*_?\s*)?(\d{1,2})(?:\s*[-~]\s*(\d{1,2}))?\s*월/;

export function sheetMonthFromName(fileName: string): SheetMonth | null {
  const stem = fileName.normalize('NFC').replace(/\.[^.]*$/, '');
  const m = MONTH_IN_NAME.exec(stem);
  if (!m) return null;
  const firstMonth = Number(m[2]);
  const lastMonth = m[3] === undefined ? firstMonth : Number(m[3]);
  if (firstMonth < 1 || firstMonth > 12 || lastMonth < firstMonth || lastMonth > 12) return null;
  const year = m[1] === undefined ? null : m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  return { year, firstMonth, lastMonth };
}

/** The sheet with its year filled in from a date of the sheet (`2021-05-03` for `(5-6월)`). */
export function learnYear(sheet: SheetMonth, isoDate: string): SheetMonth {
  if (sheet.year !== null) return sheet;
  const month = Number(isoDate.slice(5, 7));
  return month >= sheet.firstMonth && month <= sheet.lastMonth ? { ...sheet, year: Number(isoDate.slice(0, 4)) } : sheet;
}

/** Whether an ISO date falls in the sheet's month(s); with no year known yet, the month alone decides. */
export function inSheetMonth(sheet: SheetMonth, isoDate: string): boolean {
  const month = Number(isoDate.slice(5, 7));
  if (month < sheet.firstMonth || month > sheet.lastMonth) return false;
  return sheet.year === null || Number(isoDate.slice(0, 4)) === sheet.year;
}

/** `2024-07`, `2021-05..06`, `?-05` — for messages. */
export function describeSheetMonth(sheet: SheetMonth): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const months = sheet.lastMonth === sheet.firstMonth ? pad(sheet.firstMonth) : `${pad(sheet.firstMonth)}..${pad(sheet.lastMonth)}`;
  return `${sheet.year ?? '?'}-${months}`;
}
