// The marketing lead list (유입고객_DB리스트.csv): 176 rows, 21 columns, one per inquiry. Cells are read
// one by one (phones with the lost 0, per-cell dates, event cells, `가격 안내 O`, money); leads.merge.sql
// links each lead to a customer (phone first, then a unique name backed by a second signal) or to review.

import { fileURLToPath } from 'node:url';
import type { FileContext, QueryFn, RawRow, RowIssue, RowOutcome, RunContext, SourceDefinition } from '../source.ts';
import type { ColumnSpec } from '../read/header.ts';
import { cleanMultiline, cleanText } from '../../transforms/clean-text.ts';
import { leadStatus } from '../../transforms/lead-status.ts';
import { matchKeyOf } from '../../transforms/match-key.ts';
import { nameKey, normalizeName } from '../../transforms/normalize-name.ts';
import { normalizePhone } from '../../transforms/normalize-phone.ts';
import { normalizeRegion } from '../../transforms/normalize-region.ts';
import { parseAge } from '../../transforms/parse-age.ts';
import { parseDate } from '../../transforms/parse-date.ts';
import { parseMarker } from '../../transforms/parse-marker.ts';
import { parseMoney } from '../../transforms/parse-money.ts';
import { dateWarning, phoneWarnings, tooLong, withinLimit } from './row-issues.ts';
import { eventCell, markerWarning, moneyWarning } from './cell-warnings.ts';
import { predictLeads } from './leads-predict.ts';

export const LEAD_COLUMNS = [
  { key: 'name', labels: ['이름', '성함', '고객명'], required: true },
  { key: 'channel', labels: ['유입경로'] },
  { key: 'dbChannel', labels: ['DB작성 채널', 'DB채널'] },
  { key: 'carrotId', labels: ['당근아이디', '당근 ID'] },
  { key: 'age', labels: ['나이', '연령'], reader: 'age' },
  { key: 'region', labels: ['거주지역', '지역'] },
  { key: 'ad', labels: ['시청 광고', '광고'] },
  { key: 'priceInformed', labels: ['가격안내'], reader: 'marker' },
  { key: 'abTest', labels: ['A/B 테스트', 'AB테스트'] },
  { key: 'phone', labels: ['연락처', '전화번호', '휴대폰'], required: true, reader: 'phone' },
  { key: 'dbEntry', labels: ['DB입력일'], required: true, reader: 'date' },
  { key: 'phoneConsult', labels: ['전화상담일'] },
  { key: 'reminder', labels: ['전화상담x 대상 리마인드 연락', '리마인드 연락'] },
  { key: 'visitConsult', labels: ['방문상담일'] },
  { key: 'visitCancel', labels: ['방문취소', '방문취소 사유'] },
  { key: 'registered', labels: ['등록일'], reader: 'date' },
  { key: 'product', labels: ['구매상품'] },
  { key: 'noRegistrationReason', labels: ['미등록사유'] },
  { key: 'notes', labels: ['비고', '메모'] },
  { key: 'purchaseMark', labels: ['구매표시'], reader: 'marker' },
  { key: 'revenue', labels: ['매출', '매출액'], reader: 'money' },
] as const satisfies readonly ColumnSpec[];

type LeadKey = (typeof LEAD_COLUMNS)[number]['key'];

/** Drives the COPY column list and the order of values below (migration 0104). */
export const LEAD_STAGING_COLUMNS = [
  'line', 'file', 'run_id', 'lead_key', 'name', 'name_raw', 'name_key', 'name_blocker', 'relative_of_key', 'phone',
  'phone_raw', 'phone_status', 'age', 'birth_year', 'region', 'lead_channel', 'db_channel', 'carrot_id', 'ad_watched',
  'price_informed', 'ab_test_group', 'db_entry_date', 'db_entry_raw', 'phone_consult_date', 'phone_consult_outcome',
  'phone_consult_raw', 'reminder_contact_date', 'reminder_contact_outcome', 'reminder_contact_raw', 'visit_consult_date',
  'visit_consult_outcome', 'visit_consult_raw', 'visit_cancel_reason', 'registration_date', 'registration_raw',
  'purchased_product', 'no_registration_reason', 'notes', 'purchase_marked', 'revenue', 'revenue_note', 'status',
] as const;

/** The plan's VARCHAR limits on marketing_leads, and DECIMAL(10,2) for revenue. */
const LIMITS = { name: 100, region: 50, channel: 50, carrotId: 100, ad: 100, abTest: 20, product: 200 } as const;
const MAX_REVENUE = 99_999_999;

export function createLeadRowMapper(run: RunContext): (row: RawRow<LeadKey>, file: FileContext) => RowOutcome {
  const currentYear = Number(run.today.slice(0, 4));
  const bounds = { today: run.today, earliest: run.earliest };
  return (row, file) => {
    const v = row.values;
    const person = normalizeName(v.name, currentYear);
    if (person.name === null) {
      return { kind: 'reject', issue: { code: 'NAME_MISSING', column: '이름', value: v.name ?? '', reason: 'a lead needs a name; fill in 이름 for this row' } };
    }
    if (person.name.length > LIMITS.name) return { kind: 'reject', issue: tooLong('이름', person.name, LIMITS.name) };
    const match = matchKeyOf(person);
    const warnings: RowIssue[] = [];

    const phone = normalizePhone(v.phone);
    phoneWarnings(v.phone, phone, warnings);
    const dbEntry = parseDate(v.dbEntry, bounds);
    if (dbEntry.issue) warnings.push(dateWarning('DB입력일', v.dbEntry!, dbEntry.issue));
    const registered = parseDate(v.registered, bounds);
    if (registered.issue) warnings.push(dateWarning('등록일', v.registered!, registered.issue));
    const reference = { ...bounds, reference: dbEntry.date };
    const phoneConsult = eventCell('전화상담일', v.phoneConsult, reference, warnings);
    const reminder = eventCell('전화상담x 대상 리마인드 연락', v.reminder, reference, warnings);
    const visitConsult = eventCell('방문상담일', v.visitConsult, reference, warnings);

    const price = parseMarker(v.priceInformed);
    if (price.issue) warnings.push(markerWarning('가격안내', v.priceInformed!));
    const purchase = parseMarker(v.purchaseMark);
    if (purchase.issue) warnings.push(markerWarning('구매표시', v.purchaseMark!));
    const age = parseAge(v.age);
    if (age.issue) warnings.push({ code: age.issue, column: '나이', value: v.age, reason: 'not an age (`34세`); left empty' });
    const money = parseMoney(v.revenue);
    let revenue = money.won;
    if (money.issue) warnings.push(moneyWarning('매출', v.revenue!, money.issue));
    if (revenue !== null && Math.abs(revenue) > MAX_REVENUE) {
      warnings.push({ code: 'MONEY_TOO_LARGE', column: '매출', value: v.revenue, reason: `above ${MAX_REVENUE.toLocaleString('en-US')} won, more than the revenue column holds; left empty` });
      revenue = null;
    }

    const entryYear = dbEntry.date ? Number(dbEntry.date.slice(0, 4)) : null;
    const birthYear = person.birthYear ?? (age.age !== null && entryYear !== null ? entryYear - age.age : null);
    const nameNote = [person.staff ? '직원' : null, person.note].filter(Boolean).join(', ');
    const notes = [cleanMultiline(v.notes), nameNote ? `이름 메모: ${nameNote}` : null].filter(Boolean).join('\n') || null;
    const status = leadStatus({ dbEntryDate: dbEntry.date, phoneConsult, reminder, visitConsult, registrationDate: registered.date });

    const values = [
      row.line,
      file.file,
      run.runId,
      leadKey(person.name, phone.phone, dbEntry.date ?? cleanText(v.dbEntry)),
      person.name,
      v.name ?? null,
      match.key,
      match.blocker,
      match.relativeOfKey,
      phone.phone,
      cleanText(v.phone) === null ? null : v.phone!,
      phone.status,
      age.age,
      birthYear,
      withinLimit(normalizeRegion(v.region), LIMITS.region, '거주지역', warnings),
      withinLimit(cleanText(v.channel), LIMITS.channel, '유입경로', warnings),
      withinLimit(cleanText(v.dbChannel), LIMITS.channel, 'DB작성 채널', warnings),
      withinLimit(cleanText(v.carrotId), LIMITS.carrotId, '당근아이디', warnings),
      withinLimit(cleanText(v.ad), LIMITS.ad, '시청 광고', warnings),
      price.value,
      withinLimit(cleanText(v.abTest), LIMITS.abTest, 'A/B 테스트', warnings),
      dbEntry.date,
      cleanMultiline(v.dbEntry),
      phoneConsult.date,
      phoneConsult.outcome,
      phoneConsult.raw,
      reminder.date,
      reminder.outcome,
      reminder.raw,
      visitConsult.date,
      visitConsult.outcome,
      visitConsult.raw,
      cleanMultiline(v.visitCancel),
      registered.date,
      cleanMultiline(v.registered),
      withinLimit(cleanMultiline(v.product), LIMITS.product, '구매상품', warnings),
      cleanMultiline(v.noRegistrationReason),
      notes,
      purchase.value,
      revenue,
      money.note,
      status,
    ];
    return { kind: 'stage', values, warnings };
  };
}

/**
 * A lead is what was written when it was entered: the name, the phone and the entry date. The cells
 * filled in later (calls, visits, registration) are what a reload updates. Rows of one file with the same
 * key are the same inquiry written twice: the later line is kept, and both lines are reported.
 */
export function leadKey(name: string, phone: string | null, entry: string | null): string {
  return `${nameKey(name)}|${phone ?? ''}|${entry ?? ''}`;
}

const sql = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export const leads: SourceDefinition<LeadKey> = {
  name: 'leads',
  title: '유입고객 DB리스트 (marketing leads)',
  input: { kind: 'file', file: '유입고객_DB리스트.csv' },
  columns: LEAD_COLUMNS,
  staging: { table: 'staging.leads', columns: LEAD_STAGING_COLUMNS },
  predict: (context) => predictLeads(context),
  createRowMapper: (run) => createLeadRowMapper(run),
  mergeSql: [sql('leads.merge.sql')],
  mergeOutcomes: ['inserted', 'updated', 'unchanged', 'duplicates'],
  describe: (query) => describeLeads(query),
};

async function describeLeads(query: QueryFn): Promise<Record<string, unknown>> {
  const statusSplit = await query(`SELECT status, count(*)::int AS leads FROM pg_temp.lead_rows GROUP BY 1 ORDER BY 1`);
  const linkedBy = await query(`SELECT match_method AS method, count(*)::int AS leads FROM pg_temp.lead_links WHERE customer_id IS NOT NULL GROUP BY 1 ORDER BY 1`);
  const reviewBy = await query(`SELECT reason, count(*)::int AS leads FROM pg_temp.lead_links WHERE reason IS NOT NULL AND reason <> 'NO_MATCH' GROUP BY 1 ORDER BY 1`);
  const duplicateGroups = await query(`SELECT name, lines FROM pg_temp.lead_rows WHERE row_count > 1 ORDER BY line`);
  const phoneStatus = await query(`SELECT phone_status AS status, count(*)::int AS rows FROM staging.leads GROUP BY 1 ORDER BY 1`);
  const [notInFile] = await query<{ count: number }>(
    `SELECT count(*)::int AS count FROM marketing_leads m WHERE m.lead_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_temp.lead_rows l WHERE l.lead_key = m.lead_key)`,
  );
  return { statusSplit, linkedBy, reviewBy, duplicateGroups, phoneStatus, leadsNotInThisFile: notInFile?.count ?? 0 };
}
