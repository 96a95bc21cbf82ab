// The usage sheets' service cells → one session per service and per session number. Later sheets write one
// line per service in `실행 패키지 or 프로모션`: `레드 21.22/100` (sessions 21 and 22 of a 100-session
// package), `브레인3/10`, `펄스 4,5,6/20`; early sheets list full programme names in `실행 프로그램`:
// `레드라이트, 바이오펄스(20분), 림프밸런스`, `AI BIKE(2세션)`, `브레인피드백 3회차`. A standalone `3회차`
// after the list belongs to no one service: it stays in the text kept with every session. Markers on a line:
// `sv`/`서비스` complimentary, `체험`/`첫체험` trial, `노쇼` no-show, `(펄스 횟수로 차감)` counted against
// another service's package. `AD 3/10` is a code nobody could explain: kept, as service `unknown`.
// A line is read folded (`레드 ２１/１００`, `펄스 4～6/20`) and kept as written.

import { cleanText } from './clean-text.ts';
import { foldText } from './fold-cell.ts';

export const SERVICES = ['브레인', '펄스', '림프', '레드', 'AI바이크', '하트매스', '인바디', '레드&바이브', '웜업', '상담', 'unknown'] as const;
export type Service = (typeof SERVICES)[number];

/** How the sheets spell each service. 레드&바이브 comes before 레드 so `레드&바이브` is not read as 레드. */
const SPELLINGS: readonly (readonly [Service, string])[] = [
  ['레드&바이브', '레드\\s*&\\s*바이브|바이브'], //  `레드&바이브 3/20`
  ['브레인', '브레인\\s*피드백|브레인'], //          `브레인피드백`, `브레인3/10`
  ['펄스', '바이오\\s*펄스|펄스'], //                `바이오펄스(20분)`
  ['림프', '림프\\s*밸런스|림프'], //                `림프밸런스`
  ['레드', '레드\\s*라이트|레드'], //                `레드라이트`, `레드 21.22/100`
  ['AI바이크', 'ai\\s*bike|ai\\s*바이크|바이크'], // `AIBIKE`, `AI BIKE(2세션)`, `aibike`, `AI바이크`, `바이크`
  ['하트매스', '하트\\s*매스'],
  ['인바디', '인\\s*바디'],
  ['웜업', '웜\\s*업'],
  ['상담', '상담'],
];
const SERVICE_ALTERNATIVES = SPELLINGS.map(([, p]) => `(${p})`).join('|');
const SERVICE_PATTERN = new RegExp(SERVICE_ALTERNATIVES, 'gi');
const SERVICE_NAME = new RegExp(`^(?:${SERVICE_ALTERNATIVES})$`, 'i');

const COUNTED_AGAINST = /\(\s*([^()]*?)\s*횟수로\s*차감\s*\)/; // `(펄스 횟수로 차감)`
const COMPLIMENTARY = /(?<![a-z])sv(?![a-z])|서비스/gi; //       `레드 5/10 sv`, `SV`, `서비스`
const TRIAL = /첫\s*체험|체험/g; //                             `첫체험(레드,림프,펄스X2)`, `체험 레드`
const NO_SHOW = /노\s*쇼/g; //                                  `노쇼`
const CODE = /^\s*([a-z]{1,4})(?![a-z])/i; //                   `AD 3/10`

// What may follow a service name, read left to right: `(20분)`, `3회차` (the 3rd session), `X2` or
// `(2세션)` (two sessions this visit, as `펄스X2` in `첫체험(레드,림프,펄스X2)`), `21.22/100`.
const MINUTES = /^\s*\(\s*(\d{1,3})\s*분\s*\)/;
const ORDINAL = /^\s*\(?\s*(\d{1,4})\s*회차\s*\)?/;
const REPEAT = /^\s*(?:[xX×*]\s*(\d{1,2})|\(\s*(\d{1,2})\s*세션\s*\))/;
const NUMBERS = /^\s*(\d{1,4}(?:\s*[.,~-]\s*\d{1,4})*)(?:\s*\/\s*(\d{1,4})(?:\.0+)?)?(?!\s*(?:분|회|세|'|\d))/;

export interface ParsedSession {
  service: Service;
  /** The code as written for an `unknown` service (`AD`); null otherwise. */
  code: string | null;
  sessionNumber: number | null;
  packageTotal: number | null;
  /** From `바이오펄스(20분)`; later sheets give minutes in 세션 진행 사항 instead. */
  durationMinutes: number | null;
}

export interface PackageLine {
  text: string;
  sessions: ParsedSession[];
  complimentary: boolean;
  trial: boolean;
  noShow: boolean;
  /** The service whose package this session was counted against (`(펄스 횟수로 차감)`). */
  countedAs: Service | null;
}

/** Every non-blank line of a cell, parsed (by `parseLine`: a caller may pass a memoized parsePackageLine). */
export function parsePackageCell(cell: string | undefined, parseLine: (line: string) => PackageLine = parsePackageLine): PackageLine[] {
  if (cell === undefined) return [];
  const lines: PackageLine[] = [];
  for (const raw of cell.split(/\r?\n/)) {
    const line = cleanText(raw);
    if (line !== null) lines.push(parseLine(line));
  }
  return lines;
}

export function parsePackageLine(line: string): PackageLine {
  const text = cleanText(line) ?? '';
  let rest = foldText(line) ?? '';
  let countedAs: Service | null = null;
  const counted = COUNTED_AGAINST.exec(rest);
  if (counted) {
    countedAs = serviceNamed(counted[1]!);
    rest = rest.replace(counted[0], ' ');
  }
  const complimentary = test(COMPLIMENTARY, rest);
  const trial = test(TRIAL, rest);
  const noShow = test(NO_SHOW, rest);
  rest = rest.replace(COMPLIMENTARY, ' ').replace(TRIAL, ' ').replace(NO_SHOW, ' ');

  const mentions = [...rest.matchAll(SERVICE_PATTERN)];
  const sessions: ParsedSession[] = [];
  mentions.forEach((mention, i) => {
    const service = serviceOf(mention);
    const tailEnd = i + 1 < mentions.length ? mentions[i + 1]!.index : rest.length;
    sessions.push(...sessionsFrom(service, null, rest.slice(mention.index + mention[0].length, tailEnd)));
  });
  if (sessions.length === 0) {
    const code = CODE.exec(rest);
    const tail = code ? rest.slice(code[0].length) : '';
    sessions.push(...sessionsFrom('unknown', code ? code[1]!.toUpperCase() : null, tail));
  }
  return { text, sessions, complimentary, trial, noShow, countedAs };
}

/** The service a name means, or null: `펄스` → 펄스, `바이오펄스` → 펄스. */
export function serviceNamed(name: string): Service | null {
  const m = SERVICE_NAME.exec(name.normalize('NFC').trim());
  return m ? serviceOf(m) : null;
}

/** Which alternative matched: one capture group per service, in SPELLINGS order. */
function serviceOf(match: RegExpMatchArray): Service {
  return SPELLINGS[match.slice(1).findIndex((g) => g !== undefined)]![0];
}

function sessionsFrom(service: Service, code: string | null, tail: string): ParsedSession[] {
  const numbers: number[] = [];
  let total: number | null = null;
  let minutes: number | null = null;
  let repeat = 1;
  let rest = tail;
  for (;;) {
    let m: RegExpExecArray | null;
    if ((m = MINUTES.exec(rest))) minutes = Number(m[1]);
    else if ((m = ORDINAL.exec(rest))) numbers.push(Number(m[1]));
    else if ((m = REPEAT.exec(rest))) repeat = Math.max(1, Number(m[1] ?? m[2]));
    else if (numbers.length === 0 && (m = NUMBERS.exec(rest))) {
      numbers.push(...expandNumbers(m[1]!));
      if (m[2] !== undefined) total = Number(m[2]);
    } else break;
    rest = rest.slice(m[0].length);
  }
  const session = (sessionNumber: number | null): ParsedSession => ({ service, code, sessionNumber, packageTotal: total, durationMinutes: minutes });
  if (numbers.length > 0) return numbers.map(session);
  return Array.from({ length: repeat }, () => session(null));
}

/** `21.22` → [21, 22]; `4,5,6` → [4, 5, 6]; `3-5` or `3~5` → [3, 4, 5]. */
function expandNumbers(spec: string): number[] {
  const tokens = spec.match(/\d+|[.,~-]/g) ?? [];
  const numbers: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (/\d/.test(token)) {
      numbers.push(Number(token));
      continue;
    }
    const from = numbers.at(-1);
    const to = Number(tokens[i + 1]);
    if ((token === '-' || token === '~') && from !== undefined && to > from && to - from <= 20) {
      for (let n = from + 1; n <= to; n++) numbers.push(n);
      i++;
    }
  }
  return numbers;
}

function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}
