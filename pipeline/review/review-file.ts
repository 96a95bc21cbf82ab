// The review file the center's staff fill in Excel (`review --export`, then `review --apply`): its columns,
// what a decision cell may say, and which sources' rows can be decided. export-review.ts writes it,
// read-decisions.ts reads it back — after Excel has saved it as UTF-8 or, from "CSV (쉼표로 분리)", CP949.

export const REVIEW_FILE_COLUMNS = ['source', 'name', 'phone', 'rows', 'reason', 'candidates', 'decision', 'where'] as const;
export type ReviewFileColumn = (typeof REVIEW_FILE_COLUMNS)[number];

/** What a line must carry to be applied: the case (source, written name, phone) and the decision. */
export const REQUIRED_COLUMNS = ['source', 'name', 'phone', 'decision'] as const satisfies readonly ReviewFileColumn[];

/** The sources whose rows are linked to customers, and so have review cases to decide. */
export const DECIDABLE_SOURCES = ['sessions', 'payments', 'kits', 'leads'] as const;
export type DecidableSource = (typeof DECIDABLE_SOURCES)[number];

/** Not a customer (a staff test row, a supplier): `ignore`, or the Korean the staff write, 제외 (leave out), 무시. */
export const IGNORE_WORDS = ['ignore', '제외', '무시'] as const;

export type Decision = { kind: 'link'; customerId: number } | { kind: 'ignore' };

/**
 * A decision cell: a customer id (`12`, `#12`), an ignore word (any case), blank for still open (null), or
 * 'invalid' for anything else (`홍길동`, `12명`, `1.5`).
 */
export function parseDecision(cell: string): Decision | null | 'invalid' {
  const text = cell.normalize('NFC').trim();
  if (text === '') return null;
  if ((IGNORE_WORDS as readonly string[]).includes(text.toLowerCase())) return { kind: 'ignore' };
  const id = /^#?\s*(\d{1,9})$/.exec(text);
  return id ? { kind: 'link', customerId: Number(id[1]) } : 'invalid';
}

export function isDecidableSource(text: string): text is DecidableSource {
  return (DECIDABLE_SOURCES as readonly string[]).includes(text);
}

/** What each review reason means, in the words the staff read in the file's `reason` column. */
export const REASON_TEXTS: Readonly<Record<string, string>> = {
  NO_MATCH: '고객 명단에 없는 이름',
  NAME_AMBIGUOUS: '같은 이름의 고객이 여럿',
  PHONE_MISMATCH: '이름은 한 고객과 같지만 전화번호가 다름',
  PHONE_OTHER_NAME: '전화번호가 다른 이름의 고객 것',
  RELATIVE_OF: '고객의 가족 (고객 본인 아님)',
  SEVERAL_PEOPLE: '한 칸에 두 사람 이상',
  PHONE_AND_NAME_SHARED: '이름과 전화번호가 같은 고객이 여럿',
  PHONE_NAME_DIFFERS: '전화번호가 다른 이름의 고객 것 (가족 번호?)',
  NO_MATCH_REGISTERED: '등록했지만 명단에 이름도 번호도 없음',
  PHONE_DIFFERS: '이름은 한 고객과 같지만 전화번호가 다름',
  NAME_ONLY: '이름만 같고 지역, 나이, 첫방문이 맞지 않음',
  DECISION_CUSTOMER_GONE: '결정한 고객이 더 이상 없음: 다시 결정',
};

/** `NO_MATCH: 고객 명단에 없는 이름`; several reasons joined. */
export function describeReasons(reasons: readonly string[]): string {
  return reasons.map((r) => (REASON_TEXTS[r] ? `${r}: ${REASON_TEXTS[r]}` : r)).join(' / ');
}
