// Cells that say what happened and when, as the lead list writes them: `2024.03.02` (it happened),
// `방문취소/2024.03.02`, `노쇼/2024.03.02`, `2024.03.05 상담예정`, `X` (it did not), `무응답`, `취소`,
// `3/5 1차컨택(전원꺼짐)` (month/day only: the year comes from a reference date), and several events on
// several lines. Each line is one event; the cell becomes one date plus one outcome (see `summarize`).

import { cleanMultiline } from './clean-text.ts';
import { foldText } from './fold-cell.ts';
import { parseDate, type DateIssue, type DateOptions } from './parse-date.ts';

export const EVENT_OUTCOMES = [
  'held', //       `2024.03.02`, `2024.03.02 방문`, `3/5 통화완료`
  'scheduled', //  `2024.03.05 상담예정`, `예약 3/9`
  'cancelled', //  `방문취소/2024.03.02`, `취소`
  'no_show', //    `노쇼/2024.03.02`, `N/S`
  'no_answer', //  `무응답`, `3/5 1차컨택(전원꺼짐)`, `3/6 문자보냄` (a text instead of a call)
  'not_done', //   `X`: the ledger's "did not happen"
  'unclear', //    words we do not know and no date: kept as written, never read as "happened"
] as const;
export type EventOutcome = (typeof EVENT_OUTCOMES)[number];

export type EventIssue = DateIssue | 'DATE_NO_YEAR' | 'EVENT_UNCLEAR';

export interface CellEvent {
  date: string | null;
  outcome: EventOutcome;
  text: string;
  issue: EventIssue | null;
}

export interface EventCellResult {
  /** The date of the event that sums the cell up (see `summarize`), or null. */
  date: string | null;
  outcome: EventOutcome | null;
  events: CellEvent[];
  /** Problems with any line, first one per line. */
  issues: { issue: EventIssue; text: string }[];
}

export interface EventOptions extends DateOptions {
  /** ISO date the events follow (the lead's entry date): gives `3/5` its year. */
  reference?: string | null;
}

// The first keyword group that matches a line decides its outcome, in this order: `2024.03.05 상담예정` is
// scheduled although 상담 alone would mean held; `1차컨택(전원꺼짐)` is no answer although 컨택 means contact.
const OUTCOME_WORDS: readonly (readonly [EventOutcome, RegExp])[] = [
  ['scheduled', /예정|예약|잡음/],
  ['no_show', /노쇼|no\s*-?\s*show|(?<![A-Za-z])n\s*\/\s*s(?![A-Za-z])|불참|안\s*오심|미방문/i],
  ['cancelled', /취소|캔슬|cancel/i],
  ['no_answer', /무응답|미응답|부재|전원\s*꺼짐|꺼져|안\s*받|통화\s*불가|연락\s*안\s*됨|연락\s*두절|문자/],
  ['not_done', /^[xX×✕]$|^-$|안\s*함|미진행|진행\s*안/],
  ['held', /완료|통화|상담|컨택|방문|연결|진행/],
];

// Dates inside text. Full dates first; then month/day alone (`3/5`, `3월 5일`), which needs the reference.
// A full date may carry a weekday and a time (`2024.03.05 (화) 오후 2:00`); parseDate reads and checks them.
const WEEKDAY_AND_TIME = String.raw`(?:\s*\([일월화수목금토](?:요일)?\)|\s[일월화수목금토]요일)?(?:\s*(?:오전|오후)\s*\d{1,2}:\d{2}(?::\d{2})?|\s+\d{1,2}:\d{2}(?::\d{2})?)?`;
const FULL_DATE = new RegExp(
  String.raw`(\d{4}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}\.?${WEEKDAY_AND_TIME}|(?:\d{4}|(?<!\d)\d{2})\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일?${WEEKDAY_AND_TIME}|(?<!\d)\d{2}\.\d{1,2}\.\d{1,2}(?!\d))`,
);
const MONTH_DAY = /(?<![\d.])(\d{1,2})\s*(?:\/|월\s*)(\d{1,2})(?:\s*일)?(?![\d/])/;
/** A month/day before the reference by more than this many days belongs to the next year (`1/3` after `2024.12.28`). */
const YEAR_ROLLOVER_DAYS = 31;

export function parseEventCell(raw: string | undefined, options: EventOptions = {}): EventCellResult {
  const text = cleanMultiline(raw);
  if (text === null) return { date: null, outcome: null, events: [], issues: [] };
  const events = text.split('\n').filter((line) => line.trim() !== '').map((line) => parseEventLine(line, options));
  const { date, outcome } = summarize(events);
  const issues = events.filter((e) => e.issue !== null).map((e) => ({ issue: e.issue!, text: e.text }));
  return { date, outcome, events, issues };
}

/**
 * The cell's one date and outcome: the last event that happened and has a date (a visit cancelled, then
 * held a week later, was held); if none did, the last event written (lines are written in order).
 */
export function summarize(events: readonly CellEvent[]): { date: string | null; outcome: EventOutcome | null } {
  const held = events.filter((e) => e.outcome === 'held' && e.date !== null).at(-1);
  const chosen = held ?? events.at(-1);
  return chosen ? { date: chosen.date, outcome: chosen.outcome } : { date: null, outcome: null };
}

export function parseEventLine(line: string, options: EventOptions = {}): CellEvent {
  const text = line.trim();
  // Read folded (`２０２４．０３．０２`, `2024–03–02`), kept as written.
  const found = findDate(foldText(text) ?? '', options);
  // `방문취소/` → `방문취소`, `(전원꺼짐)` → `전원꺼짐`; `N/S` keeps its slash.
  const words = found.rest.replace(/^[\s/()[\]\-:,~.]+|[\s/()[\]\-:,~.]+$/g, '');
  const keyword = OUTCOME_WORDS.find(([, pattern]) => pattern.test(words));
  let outcome: EventOutcome;
  if (keyword) outcome = keyword[0];
  else if (found.token !== null) outcome = 'held';
  else if (words === '') outcome = 'not_done'; // `-`, `/`: a placeholder like X
  else outcome = 'unclear';
  const issue = found.issue ?? (outcome === 'unclear' ? 'EVENT_UNCLEAR' : null);
  return { date: found.date, outcome, text, issue };
}

interface FoundDate {
  token: string | null;
  date: string | null;
  issue: EventIssue | null;
  /** The line without the date. */
  rest: string;
}

function findDate(text: string, options: EventOptions): FoundDate {
  const full = FULL_DATE.exec(text);
  const md = full ? null : MONTH_DAY.exec(text);
  const token = full?.[1] ?? md?.[0] ?? null;
  if (token === null) {
    // `2024.13.02` and other date-like text no form accepts: a date was meant, so say so.
    if (/\d{4}\s*[.\-/]\s*\d{1,2}/.test(text)) return { token: text, date: null, issue: 'DATE_UNPARSEABLE', rest: text.replace(/[\d.\-/\s]+/, ' ') };
    return { token: null, date: null, issue: null, rest: text };
  }
  const rest = text.replace(token, ' ');
  // A visit booked for next week is not a typo: only events that happened must be in the past.
  const scheduled = OUTCOME_WORDS[0]![1].test(rest);
  const bounds: DateOptions = { today: scheduled ? undefined : options.today, earliest: options.earliest, repairYear: options.repairYear };
  if (full) {
    const parsed = parseDate(token.replace(/\s+(?=[.\-/])|(?<=[.\-/])\s+/g, ''), bounds);
    return { token, date: parsed.date, issue: parsed.issue, rest };
  }
  const month = Number(md![1]);
  const day = Number(md![2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return { token: null, date: null, issue: null, rest: text };
  if (!options.reference) return { token, date: null, issue: 'DATE_NO_YEAR', rest };
  const parsed = parseDate(withYear(month, day, options.reference), bounds);
  return { token, date: parsed.date, issue: parsed.issue, rest };
}

/** `3/5` after the reference `2024-02-20` → `2024-03-05`; `1/3` after `2024-12-28` → `2025-01-03`. */
function withYear(month: number, day: number, reference: string): string {
  const year = Number(reference.slice(0, 4));
  const iso = (y: number) => `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const sameYear = iso(year);
  const lag = (Date.parse(reference) - Date.parse(sameYear)) / 86_400_000;
  return lag > YEAR_ROLLOVER_DAYS ? iso(year + 1) : sameYear;
}
