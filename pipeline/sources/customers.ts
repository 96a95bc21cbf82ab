// The customer master (고객관리대장_전체고객.csv): 950 rows, one per customer, identified by the ledger
// number (번호) that every later sheet cites. Rows are cleaned here; duplicates (same name and phone)
// are merged set-based in customers.merge.sql.

import { fileURLToPath } from 'node:url';
import type { QueryFn, RawRow, RowIssue, RowOutcome, RunContext, SourceDefinition } from '../source.ts';
import { cleanMultiline, cleanText } from '../../transforms/clean-text.ts';
import { extractBirthYear } from '../../transforms/birth-year.ts';
import { keepText } from '../../transforms/keep-text.ts';
import { splitHealthConcerns } from '../../transforms/health-concerns.ts';
import { nameKey, normalizeName } from '../../transforms/normalize-name.ts';
import { normalizePhone } from '../../transforms/normalize-phone.ts';
import { maskPhone } from '../../transforms/mask-phone.ts';
import { normalizeReferral } from '../../transforms/normalize-referral.ts';
import { normalizeRegion } from '../../transforms/normalize-region.ts';
import { normalizeStaff } from '../../transforms/normalize-staff.ts';
import { parseDate } from '../../transforms/parse-date.ts';
import { createLedgerNumberCheck } from '../../transforms/ledger-number.ts';
import { memoizeCell } from '../../transforms/memoize.ts';
import { dateWarning, phoneWarnings, tooLong, withinLimit } from './row-issues.ts';
import { predictCustomers } from './customers-predict.ts';
import { CUSTOMER_COLUMNS, CUSTOMER_STAGING_COLUMNS, type CustomerKey } from './customers-columns.ts';

export { CUSTOMER_COLUMNS, CUSTOMER_STAGING_COLUMNS };

/** The plan's VARCHAR limits on customers, by column; the database's own win (RunContext.columnLimits). */
const PLAN_LIMITS = { name: 100, region: 50, referral_source: 100, assigned_staff: 100 } as const;

function customerLimits(run: RunContext): Record<keyof typeof PLAN_LIMITS, number> {
  const limit = (column: keyof typeof PLAN_LIMITS) => run.columnLimits?.[`customers.${column}`] ?? PLAN_LIMITS[column];
  return { name: limit('name'), region: limit('region'), referral_source: limit('referral_source'), assigned_staff: limit('assigned_staff') };
}

export function createCustomerRowMapper(run: RunContext): (row: RawRow<CustomerKey>) => RowOutcome {
  const LIMITS = customerLimits(run);
  const currentYear = Number(run.today.slice(0, 4));
  const checkLedgerNumber = createLedgerNumberCheck();
  // Columns with few distinct values: each rule runs once per distinct cell (transforms/memoize.ts).
  const bounds = { today: run.today, earliest: run.earliest };
  const firstVisitDate = memoizeCell((raw) => parseDate(raw, bounds));
  const regionOf = memoizeCell(normalizeRegion);
  const referralOf = memoizeCell(normalizeReferral);
  const staffOf = memoizeCell(normalizeStaff);
  const fileLocationOf = memoizeCell(cleanText);
  return (row) => {
    const v = row.values;
    const numbered = checkLedgerNumber(v.ledgerNo);
    if ('issue' in numbered) return { kind: 'reject', issue: numbered.issue };
    const person = normalizeName(v.name, currentYear);
    if (person.name === null) {
      return { kind: 'reject', issue: { code: 'NAME_MISSING', column: '이름', value: v.name ?? '', reason: 'a customer needs a name; fill in 이름 for this 번호' } };
    }
    if (person.name.length > LIMITS.name) return { kind: 'reject', issue: tooLong('이름', person.name, LIMITS.name) };

    const warnings: RowIssue[] = [];
    const phone = normalizePhone(v.phone);
    phoneWarnings(v.phone, phone, warnings);
    const firstVisit = firstVisitDate(v.firstVisit);
    if (firstVisit.issue) warnings.push(dateWarning('첫방문일', v.firstVisit!, firstVisit.issue));

    const region = withinLimit(regionOf(v.region), LIMITS.region, '거주지역', warnings);
    const referral = referralOf(v.referral);
    const referralSource = withinLimit(referral.source, LIMITS.referral_source, '방문경로', warnings);
    const staff = withinLimit(staffOf(v.staff), LIMITS.assigned_staff, '담당자', warnings);
    const nameNotes = [person.staff ? '직원' : null, person.note].filter(Boolean).join(', ');
    const ledgerNotes = keepText(v.notes); // free text: kept as written (`9회 남음`, `=HYPERLINK(…)`)
    const notes = [ledgerNotes, nameNotes ? `이름 메모: ${nameNotes}` : null].filter(Boolean).join('\n') || null;
    const concerns = cleanMultiline(v.concerns);
    // Two people in one cell (`김민지,이서연`) are never merged automatically, nor are rows without a phone.
    const dedupeKey = phone.phone && !person.multiple ? `${nameKey(person.name)}|${phone.phone}` : null;

    const values = [
      row.line,
      numbered.ledgerNo,
      person.name,
      v.name ?? null,
      phone.phone,
      cleanText(v.phone) === null ? null : v.phone!,
      phone.status,
      firstVisit.date,
      region,
      referralSource,
      referral.detail,
      cleanMultiline(v.review),
      cleanMultiline(v.testimonial),
      fileLocationOf(v.fileLocation),
      concerns,
      splitHealthConcerns(concerns),
      notes,
      staff,
      person.birthYear ?? extractBirthYear(ledgerNotes, currentYear),
      dedupeKey,
    ];
    return { kind: 'stage', values, warnings };
  };
}

const sql = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export const customers: SourceDefinition<CustomerKey> = {
  name: 'customers',
  title: '고객관리대장 (customer master)',
  input: { kind: 'file', file: '고객관리대장_전체고객.csv' },
  columns: CUSTOMER_COLUMNS,
  staging: { table: 'staging.customers', columns: CUSTOMER_STAGING_COLUMNS },
  createRowMapper: (run) => createCustomerRowMapper(run),
  mergeSql: [sql('customers.merge.sql')],
  mergeOutcomes: ['inserted', 'updated', 'unchanged', 'duplicates', 'adopted', 'review'],
  predict: (context) => predictCustomers(context),
  describe: (query) => describeCustomers(query),
};

interface PlanRow extends Record<string, unknown> {
  action: string;
  customer_id: number | null;
  ledger_number: number;
  name: string;
  phone: string | null;
  merged_ledger_numbers: number[];
  row_count: number;
  phone_held_by: number | null;
}

/** What the report says of a customers merge: duplicates, shared phones, and where the live table met the ledger. */
async function describeCustomers(query: QueryFn): Promise<Record<string, unknown>> {
  // The plan's rows the report lists, in one pass over it (a million-row ledger makes a million-row plan):
  // duplicate groups, adoptions, 번호 that were another customer's id, phones a UNIQUE kept out.
  const listed = await query<PlanRow>(
    `SELECT action, customer_id, ledger_number, name, phone, merged_ledger_numbers, row_count, phone_held_by
       FROM pg_temp.customer_plan
      WHERE row_count > 1 OR action = 'adopt' OR phone_held_by IS NOT NULL OR (action = 'insert' AND customer_id <> ledger_number)
      ORDER BY ledger_number`,
  );
  const duplicateGroups = listed
    .filter((p) => p.row_count > 1)
    .map((p) => ({ customer_id: p.customer_id, ledgerNumber: p.ledger_number, name: p.name, phone: p.phone, merged_ledger_numbers: p.merged_ledger_numbers }));
  const adoptions = listed.filter((p) => p.action === 'adopt').map((p) => ({ ledgerNumber: p.ledger_number, customerId: p.customer_id, evidence: 'name+phone' }));
  const renumbered = listed.filter((p) => p.action === 'insert' && p.customer_id !== p.ledger_number).map((p) => ({ ledgerNumber: p.ledger_number, customerId: p.customer_id }));
  const phoneNotStored = listed
    .filter((p) => p.phone_held_by !== null)
    .map((p) => ({ ledgerNumber: p.ledger_number, heldByCustomer: p.phone_held_by! > 0 ? p.phone_held_by : null, heldByLedgerNumber: p.phone_held_by! < 0 ? -p.phone_held_by! : null }));
  // Phones held by more than one row are found first by hashing (fast at a million rows); only their
  // rows are then sorted and grouped into families.
  const sharedPhoneFamilies = await query(
    `WITH shared AS (SELECT phone FROM staging.customers WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) > 1)
     SELECT s.phone, array_agg(s.ledger_no ORDER BY s.ledger_no) AS ledger_numbers, array_agg(s.name ORDER BY s.ledger_no) AS names
       FROM staging.customers s JOIN shared USING (phone)
      GROUP BY s.phone HAVING count(DISTINCT s.dedupe_key) > 1 OR count(*) FILTER (WHERE s.dedupe_key IS NULL) > 0
      ORDER BY s.phone`,
  );
  const phoneStatus = await query(`SELECT phone_status AS status, count(*)::int AS rows FROM staging.customers GROUP BY 1 ORDER BY 1`);
  const absorbed = await query(
    `SELECT absorbed_ledger_number AS "ledgerNumber", absorbed AS "customerId", survivor AS "mergedInto" FROM pg_temp.customer_absorbed ORDER BY absorbed_ledger_number`,
  );
  // What the app changed that the ledger says otherwise: both values, phones masked.
  const conflicts = (
    await query<{ customerId: number; ledgerNumber: number; column: string; appValue: string | null; ledgerValue: string | null }>(
      `SELECT customer_id AS "customerId", ledger_number AS "ledgerNumber", column_name AS column,
              app_value #>> '{}' AS "appValue", ledger_value #>> '{}' AS "ledgerValue"
         FROM pg_temp.customer_conflicts ORDER BY ledger_number, column_name`,
    )
  ).map((c) => (c.column === 'phone' || c.column === 'phone_raw' ? { ...c, appValue: maskPhone(c.appValue), ledgerValue: maskPhone(c.ledgerValue) } : c));
  return { duplicateGroups, sharedPhoneFamilies, phoneStatus, absorbedCustomers: absorbed, adoptions, renumbered, conflicts, phoneNotStored };
}
