// The plan's Phase 2 checklist (전화번호 형식 통일, 중복 고객, 날짜 형식, 필수 필드, 참조 무결성) as pass / warn /
// fail lines for one inspected file, and for what loading a source would do. A fail means the load
// would fail or go over its budget of rejected rows.

import type { Check, FileInspection } from './inspect-file.ts';
import type { MergePrediction } from '../source.ts';
import { DEFAULT_BUDGET, overRejectRatio } from '../run-source.ts';



export function checklist(f: FileInspection): Check[] {
  const checks: Check[] = [];
  const add = (name: string, level: Check['level'], detail: string) => checks.push({ name, level, detail });
  if (f.encoding) add('encoding', 'pass', `${f.encoding}: ${f.encodingEvidence}`);
  if (f.lineEndings.verdict === 'mixed') add('line endings', 'warn', `mixed: ${f.lineEndings.crlf} CRLF, ${f.lineEndings.lf} LF, ${f.lineEndings.cr} CR`);
  if (f.error) {
    add('readable', 'fail', f.error.message);
    return checks;
  }
  if (!f.source) {
    add('source', 'warn', f.headerRow ? `matches no known ledger; profiled as a plain CSV (header on line ${f.headerRow})` : 'matches no known ledger and has no header row');
    return checks;
  }
  add('header', f.mapping.unmapped.length ? 'warn' : 'pass', `line ${f.headerRow} as ${f.source}${f.mapping.unmapped.length ? `; not loaded: ${f.mapping.unmapped.map((c) => JSON.stringify(c)).join(', ')}` : ''}`);
  for (const column of f.columns.filter((c) => c.kind === 'phone')) {
    const forms = column.forms ?? {};
    const invalid = forms.invalid ?? 0;
    const summary = Object.entries(forms).map(([form, n]) => `${form} ${n}`).join(', ');
    add(`phones normalizable (${column.label.trim()})`, invalid ? 'warn' : 'pass', `${summary}${invalid ? `; kept as written, e.g. ${column.unparsedExamples?.join(' | ')}` : ''}`);
  }
  for (const column of f.columns.filter((c) => c.kind === 'date')) {
    const forms = column.forms ?? {};
    const issues = Object.entries(forms).filter(([form]) => form.startsWith('DATE_') || form === 'unparsed');
    const summary = Object.entries(forms).map(([form, n]) => `${form} ${n}`).join(', ');
    add(`dates valid (${column.label.trim()})`, issues.length ? 'warn' : 'pass', `${summary || 'no dates'}${issues.length ? `; left empty, e.g. ${column.unparsedExamples?.join(' | ')}` : ''}`);
  }
  const o = f.outcomes!;
  const over = overRejectRatio(o, DEFAULT_BUDGET);
  const rejects = Object.entries(o.rejectsByCode).map(([code, n]) => `${code} ${n}`).join(', ');
  add(
    'required fields',
    over ? 'fail' : o.rejected ? 'warn' : 'pass',
    o.rejected ? `${o.rejected} of ${o.rowsRead} rows will be rejected (${rejects})${over ? `: above the ${DEFAULT_BUDGET.maxRejectRatio * 100}% budget, the load will stop` : ''}` : `all ${o.rowsRead} rows have what a ${f.source} row needs`,
  );
  return checks;
}

/** Checks on what loading a source's files would do: duplicates merged, rows that cannot be linked. */
export function predictionChecks(p: { source: string } & MergePrediction, hasCustomerMaster: boolean): Check[] {
  const checks: Check[] = [];
  const details = p.details ?? {};
  if ('duplicateGroups' in details) {
    checks.push({ name: 'duplicates', level: 'pass', detail: `${details.duplicateGroups} groups share name + phone and merge (${p.merged} rows); ${details.sharedPhoneFamilies} phones are shared by different names and stay separate` });
  } else if (p.merged > 0) {
    checks.push({ name: 'duplicates', level: 'pass', detail: `${p.merged} rows repeat another row's natural key and merge into it` });
  }
  if (p.source === 'customers' || p.source === 'revenue-summary') return checks;
  if (!hasCustomerMaster) checks.push({ name: 'references', level: 'warn', detail: 'not checked: no customer master (고객관리대장_전체고객.csv) among the inspected files' });
  else if (p.review) checks.push({ name: 'references', level: 'warn', detail: `${p.review} rows cannot be linked with confidence: ${Object.entries(p.reviewByReason).map(([r, n]) => `${r} ${n}`).join(', ')}` });
  else checks.push({ name: 'references', level: 'pass', detail: 'every row links to a customer' });
  return checks;
}
