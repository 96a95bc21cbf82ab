// What follows the day in a date cell and says nothing more about the day: a time (`00:00:00` from the
// center's exports; `오후 3:04:05` or `오전 9:04`, which Korean Excel writes when it saves a date-time as CSV;
// `14:30`) and a weekday (`(금)`, ` 금요일`). The time is dropped once it is a real time of day; the weekday
// is kept so the caller can check it against the day (a cell whose weekday contradicts its date is wrong
// somewhere, and we cannot tell where).

export interface DateParts {
  /** The cell without its time and weekday: `2023-05-12`. */
  day: string;
  /** 0 = Sunday … 6 = Saturday, when the cell names one. */
  weekday: number | null;
  /** `오전`/`오후` (or AM/PM) written with the time. */
  meridiem: boolean;
  /** A time was written but is no time of day (`25:00`, `오후 15:00`). */
  badTime: boolean;
}

const WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'] as const;

// `오후 3:04:05`, `오전 9:04`, `14:30`, `00:00:00.000`, `3:04 PM`; after a space, `T` (ISO) or 오전/오후.
const TIME = /(?:\s*(오전|오후|AM|PM)\s*|\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*(AM|PM|오전|오후))?$/i;
// `(금)`, `(금요일)`, ` 금요일`
const WEEKDAY = /\s*(?:\(\s*([일월화수목금토])(?:요일)?\s*\)|\s([일월화수목금토])요일)$/;

export function splitDateSuffixes(text: string): DateParts {
  // No time, no weekday: most hand-typed dates (`2023.05.11`, `2023년 5월 11일`).
  if (!text.includes(':') && !text.includes('요일') && !text.endsWith(')')) return { day: text, weekday: null, meridiem: false, badTime: false };
  let day = text;
  let weekday: number | null = null;
  let meridiem = false;
  let badTime = false;
  // The weekday may come before the time (`2023-05-12 (금) 오후 3:00`) or after it.
  for (let pass = 0; pass < 2; pass++) {
    const w = WEEKDAY.exec(day);
    if (w && weekday === null) {
      weekday = WEEKDAYS.indexOf((w[1] ?? w[2]) as (typeof WEEKDAYS)[number]);
      day = day.slice(0, w.index);
    }
    const t = TIME.exec(day);
    if (t) {
      const marked = (t[1] ?? t[5]) !== undefined;
      meridiem ||= marked;
      if (!isTimeOfDay(Number(t[2]), Number(t[3]), t[4] === undefined ? 0 : Number(t[4]), marked)) badTime = true;
      day = day.slice(0, t.index);
    }
  }
  return { day: day.trim(), weekday, meridiem, badTime };
}

/** Korean Excel writes midnight as `오전 12:00:00`; a 24-hour time has no 오전/오후. */
function isTimeOfDay(hour: number, minute: number, second: number, meridiem: boolean): boolean {
  return hour <= (meridiem ? 12 : 23) && minute <= 59 && second <= 59;
}

/** 0 = Sunday … 6 = Saturday, for an ISO date. */
export function weekdayOf(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}
