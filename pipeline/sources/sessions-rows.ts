// One usage-sheet row → its sessions (a `stage-many` outcome), or a skip/reject with the reason. State per
// file lives here: the layout, the sheet's month and the date above (merged date cells leave blanks that
// mean "same as above"); it is reset whenever a new file starts.

import type { CopyValue } from '../../sinks/copy-text.ts';
import { EtlError } from '../errors.ts';
import type { FileContext, RawRow, RowIssue, RowOutcome, RunContext } from '../source.ts';
import { cleanMultiline, cleanText } from '../../transforms/clean-text.ts';
import { foldText } from '../../transforms/fold-cell.ts';
import { parseCustomerInfo } from '../../transforms/customer-info.ts';
import { nameMatchKey } from '../../transforms/match-key.ts';
import { memoizeCell } from '../../transforms/memoize.ts';
import { parsePackageCell, parsePackageLine, type PackageLine } from '../../transforms/parse-package-line.ts';
import { parseProgressCell, type SessionProgress } from '../../transforms/parse-session-progress.ts';
import { dateWarning } from './row-issues.ts';
import { createSheetCalendar, type SheetCalendar } from './sheet-calendar.ts';
import { COUNTER_COLUMNS, LAYOUT_NAMES, detectUsageLayout, type UsageKey, type UsageLayout } from './sessions-layout.ts';

/** Drives the COPY column list and the order of values below. */
export const USAGE_STAGING_COLUMNS = [
  'line', 'source_file', 'seq', 'layout', 'session_date', 'name_raw', 'name_clean', 'name_key', 'match_blocker',
  'relative_of_key', 'phone', 'service', 'service_code', 'session_number', 'package_total', 'duration_minutes',
  'is_complimentary', 'is_trial', 'is_no_show', 'counted_as', 'package_text', 'settings_text', 'sheet_used',
  'sheet_total', 'sheet_remaining', 'visit_notes',
] as const;

/** The visit's free-text columns, stored in visit_notes under the sheet's label. */
const NOTE_LABELS = {
  notes: '비고',
  notesUnlabelled: '비고 옆 (제목 없는 열)',
  memo: '메모',
  review: '리뷰',
  customerInfo: '고객정보',
  sessionDetail: '세부 세션 내역',
  interest: '주 관심 서비스',
  consultation: '상담내용',
  reaction: '고객반응',
  remarks: '특이사항',
} as const satisfies Partial<Record<UsageKey, string>>;
const NOTE_COLUMNS = Object.entries(NOTE_LABELS) as [keyof typeof NOTE_LABELS, string][];

interface FileState {
  file: string;
  layout: UsageLayout;
  calendar: SheetCalendar;
  /** The date rows below inherit, and the line it came from; null date: that cell could not be read. */
  above: { date: string | null; line: number; cell: string } | null;
}

type Values = RawRow<UsageKey>['values'];

export function createUsageRowMapper(run: RunContext): (row: RawRow<UsageKey>, file: FileContext) => RowOutcome {
  const currentYear = Number(run.today.slice(0, 4));
  // The same service lines and settings come back row after row — `체험 레드`, `펄스 9/30`, `(20')` — so
  // each is parsed once (a million generated rows hold 16k distinct package lines and 7k settings cells).
  // Bounded caches: memory does not grow with the file. Smaller than the distinct count on purpose: the
  // common lines stay hit, and caching all 16k held ~45 MB more at peak (1M rows: 260 MB RSS vs 212 MB).
  const packageLineOf = memoizeCell((line) => parsePackageLine(line!), 8192);
  const progressOf = memoizeCell(parseProgressCell, 4096);
  let state: FileState | null = null;
  return (row, file) => {
    if (state?.file !== file.file) state = openFile(file, run);
    const v = row.values;
    const warnings: RowIssue[] = [];
    const serviceCell = v.packages ?? v.programs;
    const named = cleanText(v.name) !== null;
    const hasService = cleanText(serviceCell) !== null;

    const dateCell = cleanText(v.date);
    if (dateCell !== null) {
      const read = state.calendar.read(dateCell, '날짜');
      warnings.push(...read.warnings);
      state.above = { date: read.date, line: row.line, cell: dateCell };
      if (read.date === null && (named || hasService)) {
        return { kind: 'reject', issue: dateWarning('날짜', dateCell, read.issue ?? 'DATE_UNPARSEABLE', 'the visit date cannot be read; fix 날짜 on this row'), warnings };
      }
    }
    if (!named && !hasService) {
      // `2024-07-02 00:00:00,,,,`: a day's separator row (its date still counts for the rows below).
      const text = notesOf(v);
      if (text) warnings.push({ code: 'ROW_WITHOUT_NAME', value: text, reason: 'a row with no name and no service; not loaded, its text is kept here' });
      return { kind: 'skip', reason: dateCell === null ? 'NO_NAME_NO_SERVICE' : 'SEPARATOR_ROW', warnings };
    }
    let date: string;
    if (dateCell !== null) date = state.above!.date!;
    else if (state.above?.date) date = state.above.date;
    else {
      const reason = state.above
        ? `the date cell is blank and the date above it (line ${state.above.line}, ${JSON.stringify(state.above.cell)}) could not be read`
        : 'the date cell is blank and no row above it in this sheet has a date';
      return { kind: 'reject', issue: { code: 'DATE_MISSING', column: '날짜', value: '', reason: `${reason}; write the visit date` }, warnings };
    }

    const person = nameMatchKey(v.name, currentYear);
    const info = state.layout === 3 || state.layout === 4 ? parseCustomerInfo(v.customerInfo) : null;
    if (info?.phone.status === 'invalid') warnings.push({ code: 'PHONE_INVALID', column: '고객정보', value: v.customerInfo, reason: 'no phone number could be read; the name alone decides the match' });
    const lines = parsePackageCell(serviceCell, packageLineOf);
    if (lines.length === 0) {
      warnings.push({ code: 'SERVICE_MISSING', column: v.packages === undefined ? '실행 프로그램' : '실행 패키지 or 프로모션', reason: 'the row names a customer but no service; kept as one session of service unknown' });
    }
    const progress = settingsPerLine(v.progress, progressOf(v.progress), lines.length, warnings);
    const counters = readCounters(v, lines, warnings);
    const visitNotes = notesOf(v);

    const rows: CopyValue[][] = [];
    const base = [row.line, file.name] as const;
    const who = [date, v.name ?? null, person.name, person.key, person.blocker, person.relativeOfKey, info?.phone.phone ?? null] as const;
    const sessionLines: (PackageLine | null)[] = lines.length ? lines : [null];
    sessionLines.forEach((line, index) => {
      const sessions = line?.sessions ?? [{ service: 'unknown' as const, code: null, sessionNumber: null, packageTotal: null, durationMinutes: null }];
      for (const s of sessions) {
        const counter = counters?.get(s.service);
        rows.push([
          ...base, rows.length + 1, state!.layout, ...who,
          s.service, s.code, s.sessionNumber, s.packageTotal, s.durationMinutes ?? progress[index]?.minutes ?? null,
          line?.complimentary ?? false, line?.trial ?? false, line?.noShow ?? false, line?.countedAs ?? null,
          line?.text ?? null, progress[index]?.text ?? null,
          counter?.used ?? null, counter?.total ?? null, counter?.remaining ?? null, visitNotes,
        ]);
      }
    });
    return { kind: 'stage-many', rows, warnings };
  };
}

function openFile(file: FileContext, run: RunContext): FileState {
  const layout = detectUsageLayout(file.header.labels);
  if (layout === null) {
    throw new EtlError('CSV_LAYOUT_UNKNOWN', `the usage sheet's header fits none of the eight known layouts: ${file.header.labels.filter((l) => l.trim()).map((l) => JSON.stringify(l)).join(', ')}`, {
      place: { file: file.file, line: file.header.line },
      hint: `a usage sheet needs 날짜, 성함 and 실행 프로그램 or 실행 패키지 or 프로모션; the known layouts are ${Object.entries(LAYOUT_NAMES).map(([n, d]) => `${n} (${d})`).join('; ')}`,
    });
  }
  return { file: file.file, layout, calendar: createSheetCalendar(file.name, run), above: null };
}

/** 세션 진행 사항 lines go with the package lines one to one; otherwise the whole cell goes with each. */
function settingsPerLine(cell: string | undefined, progress: readonly SessionProgress[], lineCount: number, warnings: RowIssue[]): readonly SessionProgress[] {
  if (progress.length === 0 || progress.length === lineCount) return progress;
  warnings.push({ code: 'PROGRESS_LINES_MISMATCH', column: '세션 진행 사항', value: cell, reason: `${progress.length} lines of settings for ${lineCount} package lines; the whole cell is kept with each session, minutes left empty` });
  const whole = { text: cleanMultiline(cell)!, minutes: null };
  return Array.from({ length: Math.max(lineCount, 1) }, () => whole);
}

interface Counter {
  used: number | null;
  total: number | null;
  remaining: number | null;
}

/** Layouts 7–8: used / total (`3`, `11.0`) and remaining per service; a counter for a service the row has no session of is a warning. */
function readCounters(v: Values, lines: readonly PackageLine[], warnings: RowIssue[]): Map<string, Counter> | null {
  let counters: Map<string, Counter> | null = null;
  for (const c of COUNTER_COLUMNS) {
    // Layouts 1–6 have no counter columns, and most rows of 7–8 leave them blank: nothing to build.
    if (cleanText(v[c.used]) === null && cleanText(v[c.total]) === null && cleanText(v[c.remaining]) === null) continue;
    const cells = [v[c.used], v[c.total], v[c.remaining]];
    const [used, total, remaining] = cells.map((cell) => wholeNumber(cell, c.service, warnings));
    if (!lines.some((l) => l.sessions.some((s) => s.service === c.service))) {
      warnings.push({ code: 'COUNTER_WITHOUT_SESSION', column: c.service, value: cells.map((x) => x ?? '').join(' / '), reason: `the sheet counts ${c.service} on this row but the row has no ${c.service} session; the counts are kept here only` });
      continue;
    }
    (counters ??= new Map()).set(c.service, { used: used!, total: total!, remaining: remaining! });
  }
  return counters;
}

function wholeNumber(cell: string | undefined, service: string, warnings: RowIssue[]): number | null {
  const text = cleanText(cell);
  if (text === null) return null;
  const folded = foldText(cell) ?? ''; // `１１.0`, `'3`
  if (/^\d{1,5}(?:\.0+)?$/.test(folded)) return Number.parseInt(folded, 10);
  warnings.push({ code: 'COUNTER_UNREADABLE', column: service, value: text, reason: 'not a whole number of sessions; left empty' });
  return null;
}

function notesOf(v: Values): string | null {
  let notes: Record<string, string> | null = null;
  for (const [key, label] of NOTE_COLUMNS) {
    const text = cleanMultiline(v[key]);
    if (text !== null) (notes ??= {})[label] = text;
  }
  return notes && JSON.stringify(notes);
}
