// The final tables, parents first, and what must hold in each: the customer columns that must point at a
// customer, natural keys, closed value sets, date columns, and which source's counters are rows here.
// Verification reads its checks from here; a new table plugs in by adding one entry.

import { LEAD_STATUSES } from '../transforms/lead-status.ts';
import { SERVICES } from '../transforms/parse-package-line.ts';

export interface NaturalKey {
  /** How the check is named and described: `unique:kit_receipts.serial_number+customer_id`. */
  label: string;
  /** SQL expressions over the table's columns that together must be unique (default: the label's columns). */
  expressions: readonly string[];
}

export interface FinalTable {
  /** Table in the public schema. */
  name: string;
  /** Primary key column, used to name offending rows. */
  key: string;
  /**
   * The rows this tool answers for, as a SQL condition, when the table holds others too: the center's
   * customers table holds the app's own customers, whose values are the app's business.
   */
  rows?: string;
  /** Columns holding a customer number: non-null values must name an existing customer. */
  customerRefs?: readonly string[];
  naturalKeys?: readonly NaturalKey[];
  /** Columns whose non-null values come from a closed set. */
  enums?: Readonly<Record<string, readonly string[]>>;
  /** Numeric columns whose non-null values lie within bounds (inclusive; a missing bound is open). */
  ranges?: Readonly<Record<string, { min?: number; max?: number }>>;
  /** Date columns: no value after today (Asia/Seoul) or before the center opened. */
  dates?: readonly string[];
  /** Per date column, a SQL condition under which a future date is right (a visit booked ahead). */
  futureAllowed?: Readonly<Record<string, string>>;
  /** Sources whose merge writes rows here, and which of their counters count rows now in this table. */
  loadedBy?: readonly { source: string; rows: readonly string[] }[];
}

/** customers.phone_status, as migration 0004's CHECK has it. */
export const PHONE_STATUSES = ['valid', 'reformatted', 'repaired', 'invalid', 'placeholder', 'missing'] as const;
/** SOURCES.md §6: membership by the last 365 days' revenue and visits. */
export const MEMBERSHIP_LEVELS = ['basic', 'silver', 'gold', 'platinum', 'vip'] as const;
/** SOURCES.md §6: ≤30 days active, 31–90 inactive, >90 or never dormant. */
export const CUSTOMER_STATUSES = ['active', 'inactive', 'dormant'] as const;
/** SOURCES.md §6 churn buckets by days since the last visit: <30 low, <60 medium, <90 high, else (or never) critical. */
export const CHURN_RISKS = ['low', 'medium', 'high', 'critical'] as const;
/** The churn probability (%) of each bucket of CHURN_RISKS, in the same order. */
export const CHURN_PROBABILITIES = ['10', '30', '60', '85'] as const;
/**
 * customers.risk_level: the churn bucket the statistics step writes, or the plan's column default `stable`
 * on a customer no run has computed yet.
 */
export const RISK_LEVELS = ['stable', ...CHURN_RISKS] as const;
/** customer_analytics.visit_frequency (docs/analytics.md): by the average interval between visit days. */
export const VISIT_FREQUENCIES = ['weekly', 'bi-weekly', 'monthly', 'occasional', 'one-time', 'none'] as const;
export { LEAD_STATUSES, SERVICES };
/**
 * Rows of another sheet linked to a customer, kept for review (customer_id NULL), or decided by the staff not
 * to be a customer's (`review --apply`, customer_id NULL): migration 0652's CHECKs.
 */
export const MATCH_STATUSES = ['matched', 'review', 'ignored'] as const;
/** How service_sessions and payments rows were linked: name and phone, a unique name, or a staff decision. */
export const MATCH_METHODS = ['name+phone', 'name', 'decision'] as const;
/** payments.payment_type and payment_method, as migration 0201's CHECKs have them. */
export const PAYMENT_TYPES = ['package', 'single', 'additional', 'refund'] as const;
export const PAYMENT_METHODS = ['card', 'transfer', 'cash'] as const;

export const FINAL_TABLES: readonly FinalTable[] = [
  {
    name: 'customers',
    key: 'customer_id',
    rows: 'ledger_number IS NOT NULL',
    // The ledger number (번호) is the identity: a number is one customer's ledger_number or merged into one, never both or twice.
    naturalKeys: [{ label: 'ledger number', expressions: ['unnest(array_prepend(ledger_number, merged_ledger_numbers))'] }],
    enums: { phone_status: PHONE_STATUSES, membership_level: MEMBERSHIP_LEVELS, customer_status: CUSTOMER_STATUSES, risk_level: RISK_LEVELS },
    ranges: { total_visits: { min: 0 }, average_visit_interval: { min: 0 } },
    dates: ['first_visit_date', 'last_visit_date'],
    loadedBy: [{ source: 'customers', rows: ['inserted', 'adopted', 'updated', 'unchanged'] }],
  },
  {
    name: 'customer_preferences',
    key: 'preference_id',
    customerRefs: ['customer_id'],
    naturalKeys: [{ label: 'customer_id', expressions: ['customer_id'] }],
    loadedBy: [{ source: 'customers', rows: ['inserted', 'adopted', 'updated', 'unchanged'] }],
  },
  {
    name: 'customer_analytics',
    key: 'analytics_id',
    customerRefs: ['customer_id'],
    naturalKeys: [{ label: 'customer_id+analysis_date', expressions: ['customer_id', 'analysis_date'] }],
    enums: { visit_frequency: VISIT_FREQUENCIES, churn_risk: CHURN_RISKS, churn_probability: CHURN_PROBABILITIES, most_used_service: SERVICES },
    ranges: { consistency_score: { min: 0, max: 100 }, retention_score: { min: 0, max: 100 }, ltv_estimate: { min: 0 } },
    dates: ['analysis_date'],
  },
  {
    name: 'marketing_leads',
    key: 'lead_id',
    customerRefs: ['converted_customer_id'],
    naturalKeys: [{ label: 'lead_key', expressions: ['lead_key'] }],
    enums: { status: LEAD_STATUSES, phone_status: PHONE_STATUSES },
    dates: ['db_entry_date', 'phone_consult_date', 'reminder_contact_date', 'visit_consult_date', 'registration_date'],
    // `2024.03.05 상담예정`: a consultation booked ahead may be dated after today.
    futureAllowed: {
      phone_consult_date: "phone_consult_outcome = 'scheduled'",
      reminder_contact_date: "reminder_contact_outcome = 'scheduled'",
      visit_consult_date: "visit_consult_outcome = 'scheduled'",
    },
    loadedBy: [{ source: 'leads', rows: ['inserted', 'updated', 'unchanged'] }],
  },
  {
    name: 'kit_receipts',
    key: 'kit_id',
    customerRefs: ['customer_id'],
    // Two serials each belong to two different customers (SOURCES.md §2): unique per holder, not alone.
    naturalKeys: [{ label: 'kit_key', expressions: ['kit_key'] }],
    dates: ['receipt_date', 'result_received_date', 'result_delivered_date'],
    loadedBy: [{ source: 'kits', rows: ['inserted', 'updated', 'unchanged'] }],
  },
  {
    name: 'service_sessions',
    key: 'session_id',
    customerRefs: ['customer_id'],
    naturalKeys: [{ label: 'source_file+source_line+line_seq', expressions: ['source_file', 'source_line', 'line_seq'] }],
    enums: { service: SERVICES, match_status: MATCH_STATUSES, match_method: MATCH_METHODS },
    dates: ['session_date'],
    // The merge counts usage rows; `sessions` counts the sessions they hold, which are this table's rows.
    loadedBy: [{ source: 'sessions', rows: ['sessions'] }],
  },
  {
    name: 'payments',
    key: 'payment_id',
    customerRefs: ['customer_id'],
    naturalKeys: [{ label: 'customer+date+amount+program+occurrence', expressions: ['customer_key', 'payment_date', 'amount', 'program_key', 'occurrence'] }],
    enums: { payment_type: PAYMENT_TYPES, payment_method: PAYMENT_METHODS, match_status: MATCH_STATUSES, match_method: MATCH_METHODS },
    dates: ['payment_date'],
    loadedBy: [{ source: 'payments', rows: ['inserted', 'updated', 'unchanged'] }],
  },
  {
    name: 'monthly_revenue',
    // (year, month) is the primary key; offending rows are named by year.
    key: 'year',
    loadedBy: [{ source: 'revenue-summary', rows: ['months'] }],
  },
];

/**
 * Bookkeeping that describes the final tables' rows and is backed up and restored with them: the review list,
 * the staff's decisions on it (restoring to before a `review --apply` undoes its decisions too), and the
 * rows those decisions settled.
 */
export const COMPANION_TABLES = ['etl.match_review', 'etl.link_decisions', 'etl.match_decided'] as const;
