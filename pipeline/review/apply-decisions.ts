// `review --apply FILE.csv`, the database half (inside the run's transaction, under the run lock): checks
// every decided line against what is open now — the case still on the review list, one decision per case,
// a customer id that exists, no conflict with the phone on the row — and applies nothing if any line fails.
// Then records the decisions in etl.link_decisions (who, when, which run, file and line) and settles the
// rows they cover at once (apply-decisions.sql). The run recomputes the statistics afterwards.

import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';
import { runSqlFile, step } from '../database.ts';
import type { RunContext } from '../source.ts';
import { maskPhone } from '../../transforms/mask-phone.ts';
import { throwIssues, type DecisionIssue } from './decision-issues.ts';
import type { DecisionFile, DecisionLine } from './read-decisions.ts';
import { readOpenCases, type ReviewCase } from './review-cases.ts';
import { DECIDABLE_SOURCES, type DecidableSource } from './review-file.ts';

/** A phone the merges normalized (`010-1234-5678`, `02-123-4567`): one a decision can be checked against. */
const NORMALIZED_PHONE = /^0\d{1,2}-\d{3,4}-\d{4}$/;

export interface ApplySummary {
  file: string;
  encoding: string;
  lines: number;
  open: number;
  /** Lines whose decision was already recorded, as written: nothing to do. */
  alreadyRecorded: number;
  /** Decisions recorded by this run (new, or replacing one whose customer was gone). */
  recorded: { decisionId: number; line: number; source: DecidableSource; name: string; decision: string; customerId: number | null; customerName: string | null }[];
  /** Review rows settled, per source (a list, so the HTML report shows it as a table). */
  rows: { source: DecidableSource; linked: number; ignored: number }[];
}

interface RecordedDecision {
  decision_id: number;
  source: string;
  name_key: string;
  phone: string;
  decision: 'link' | 'ignore';
  decided_customer_id: number | null;
}

interface ResolvedCustomer {
  written: number;
  customer_id: number | null;
  ledger_number: number | null;
  name: string | null;
  phone: string | null;
}

const APPLY_SQL = fileURLToPath(new URL('apply-decisions.sql', import.meta.url));

export async function applyDecisions(client: ClientBase, run: RunContext, file: DecisionFile, who: string): Promise<ApplySummary> {
  const { toRecord, alreadyRecorded } = await checkLines(client, file);
  const recorded: ApplySummary['recorded'] = [];
  for (const { line, match, customerId, customerName, writtenId, ledgerNumber } of toRecord) {
    const { rows } = await step('recording a decision', () =>
      client.query<{ decision_id: number }>(
        `INSERT INTO etl.link_decisions (source, name, name_key, phone, decision, decided_customer_id, decided_ledger_number,
             customer_id, run_id, decided_by, decided_file, decided_line)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT ON CONSTRAINT link_decisions_case_key DO UPDATE SET
             name = EXCLUDED.name, decision = EXCLUDED.decision, decided_customer_id = EXCLUDED.decided_customer_id,
             decided_ledger_number = EXCLUDED.decided_ledger_number, customer_id = EXCLUDED.customer_id,
             run_id = EXCLUDED.run_id, decided_by = EXCLUDED.decided_by, decided_file = EXCLUDED.decided_file,
             decided_line = EXCLUDED.decided_line, decided_at = now()
         RETURNING decision_id`,
        [match.source, match.name, match.name_key, match.phone, line.decision.kind, writtenId, ledgerNumber, customerId, run.runId, who, basename(file.file), line.line],
      ),
    );
    recorded.push({ decisionId: rows[0]!.decision_id, line: line.line, source: match.source, name: match.name, decision: line.decision.kind, customerId, customerName });
  }
  await step('naming the decisions to apply', async () => {
    await client.query('DROP TABLE IF EXISTS pg_temp.applied_decisions');
    await client.query('CREATE TEMP TABLE applied_decisions ON COMMIT DROP AS SELECT unnest($1::integer[]) AS decision_id', [recorded.map((r) => r.decisionId)]);
  });
  const counts = await runSqlFile(client, APPLY_SQL, 'settling the decided review rows (apply-decisions.sql)');
  const rows = DECIDABLE_SOURCES.map((source) => ({ source, linked: counts[`${source}_linked`] ?? 0, ignored: counts[`${source}_ignored`] ?? 0 }));
  return { file: file.file, encoding: file.encoding, lines: file.lines, open: file.open, alreadyRecorded, recorded, rows };
}

interface LineToRecord {
  line: DecisionLine;
  match: ReviewCase;
  /** The customer id as the staff wrote it (null for ignore), and that customer's 번호 (null for an app-made customer). */
  writtenId: number | null;
  customerId: number | null;
  /** Shown in the summary, so the person who applied the file sees whom each id named. */
  customerName: string | null;
  ledgerNumber: number | null;
}

/** Every check that needs the database; throws naming every failing line, or returns what to record. */
async function checkLines(client: ClientBase, file: DecisionFile): Promise<{ toRecord: LineToRecord[]; alreadyRecorded: number }> {
  const issues: DecisionIssue[] = [];
  const nameKeys = await writtenNameKeys(client, file.decided.map((l) => l.name));
  const openCases = indexBy(await step('reading the review list', () => readOpenCases(client)), (c) => caseKey(c.source, c.name_key, maskPhone(c.phone)));
  const recordedDecisions = indexBy(
    (await step('reading the recorded decisions', () =>
      client.query<RecordedDecision>('SELECT decision_id, source, name_key, phone, decision, decided_customer_id FROM etl.link_decisions'),
    )).rows,
    (d) => caseKey(d.source, d.name_key, maskPhone(d.phone)),
  );
  const customers = await resolveCustomers(client, file.decided.flatMap((l) => (l.decision.kind === 'link' ? [l.decision.customerId] : [])));
  const firstLineOfCase = new Map<string, number>();
  const toRecord: LineToRecord[] = [];
  let alreadyRecorded = 0;
  file.decided.forEach((line, i) => {
    const key = caseKey(line.source, nameKeys[i]!, line.phone);
    const open = openCases.get(key) ?? [];
    const recorded = recordedDecisions.get(key) ?? [];
    // One decision per case: the open case the line names, or the decision already recorded for it.
    const caseId = open.length === 1 ? `open:${caseKey(open[0]!.source, open[0]!.name_key, open[0]!.phone)}` : recorded.length === 1 ? `decision:${recorded[0]!.decision_id}` : null;
    const earlier = caseId === null ? undefined : firstLineOfCase.get(caseId);
    if (earlier !== undefined) {
      issues.push({ code: 'DECISION_DUPLICATE', line: line.line, message: `line ${earlier} already decides ${line.source} ${JSON.stringify(line.name)}: one decision per case` });
      return;
    }
    if (caseId !== null) firstLineOfCase.set(caseId, line.line);
    const verdict = judgeLine(line, open, recorded, line.decision.kind === 'link' ? customers.get(line.decision.customerId) : undefined);
    if (verdict === 'already recorded') alreadyRecorded++;
    else if ('code' in verdict) issues.push(verdict);
    else toRecord.push(verdict);
  });
  throwIssues(file.file, issues);
  return { toRecord, alreadyRecorded };
}

/** What one decided line does: record a decision, nothing (recorded already, as written), or fail. */
function judgeLine(line: DecisionLine, open: readonly ReviewCase[], recorded: readonly RecordedDecision[], customer: ResolvedCustomer | undefined): LineToRecord | DecisionIssue | 'already recorded' {
  const what = `${line.source} ${JSON.stringify(line.name)}`;
  const fail = (code: DecisionIssue['code'], message: string): DecisionIssue => ({ code, line: line.line, message });
  if (open.length > 1) return fail('DECISION_CASE_AMBIGUOUS', `${open.length} open cases of ${what} show the phone ${line.phone || '(none)'}: the file cannot tell them apart`);
  if (open.length === 0) {
    const writtenId = line.decision.kind === 'link' ? line.decision.customerId : null;
    if (recorded.some((d) => d.decision === line.decision.kind && d.decided_customer_id === writtenId)) return 'already recorded';
    const d = recorded[0];
    if (d) {
      const says = (kind: string, id: number | null) => (kind === 'link' ? `customer ${id}` : 'ignore');
      return fail('DECISION_CASE_GONE', `${what} is no longer open: decision #${d.decision_id} already says ${says(d.decision, d.decided_customer_id)}; to decide ${says(line.decision.kind, writtenId)} instead, undo it first (review --undo ${d.decision_id})`);
    }
    return fail('DECISION_CASE_GONE', `${what}${line.phone ? ` ${line.phone}` : ''} is not on the review list now (a reload linked it, or the sheet changed since the export)`);
  }
  const match = open[0]!;
  if (line.decision.kind === 'ignore') return { line, match, writtenId: null, customerId: null, customerName: null, ledgerNumber: null };
  if (!customer || customer.customer_id === null) return fail('DECISION_CUSTOMER_UNKNOWN', `no customer has the id ${line.decision.customerId}`);
  if (NORMALIZED_PHONE.test(match.phone) && customer.phone !== null && customer.phone !== match.phone) {
    return fail('DECISION_PHONE_CONFLICT', `customer ${customer.customer_id}'s phone is ${maskPhone(customer.phone)}, but the row's is ${maskPhone(match.phone)}`);
  }
  return { line, match, writtenId: line.decision.customerId, customerId: customer.customer_id, customerName: customer.name, ledgerNumber: customer.ledger_number };
}

/** `홍길동 어머님` → `홍길동어머님`, by the database's own rule (etl.written_name_key), in order. */
async function writtenNameKeys(client: ClientBase, names: readonly string[]): Promise<string[]> {
  const { rows } = await step('keying the written names', () =>
    client.query<{ key: string }>('SELECT etl.written_name_key(n) AS key FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i', [names]),
  );
  return rows.map((r) => r.key);
}

/**
 * Each written id → that customer (customer_id, as the candidates column and the center's app show it), with
 * their 번호 and phone; customer_id NULL when there is none. A 번호 is not taken for an id: on the center's
 * own database the two differ for customers the app made first.
 */
async function resolveCustomers(client: ClientBase, ids: readonly number[]): Promise<Map<number, ResolvedCustomer>> {
  const { rows } = await step('looking up the decided customers', () =>
    client.query<ResolvedCustomer>(
      `SELECT w.id AS written, c.customer_id, c.ledger_number, c.name, c.phone
         FROM unnest($1::integer[]) AS w(id)
         LEFT JOIN customers c ON c.customer_id = w.id`,
      [[...new Set(ids)]],
    ),
  );
  return new Map(rows.map((r) => [r.written, r]));
}

function caseKey(source: string, nameKey: string, shownPhone: string): string {
  return `${source}\u0000${nameKey}\u0000${shownPhone.trim()}`;
}

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
