// The final tables, parents first, and what must hold in each: the customer columns that must point at a
// customer, natural keys, closed value sets, date columns, and which source's counters are rows here.
// Verification reads its checks from here; a new table plugs in by adding one entry.

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
  /** Columns holding a customer number: non-null values must name an existing customer. */
  customerRefs?: readonly string[];
  naturalKeys?: readonly NaturalKey[];
  /** Columns whose non-null values come from a closed set. */
  enums?: Readonly<Record<string, readonly string[]>>;
  /** Date columns: no value after today (Asia/Seoul) or before the center opened. */
  dates?: readonly string[];
  /** Sources whose merge writes rows here, and which of their counters count rows now in this table. */
  loadedBy?: readonly { source: string; rows: readonly string[] }[];
}

/** customers.phone_status, as migration 0004's CHECK has it. */
export const PHONE_STATUSES = ['valid', 'reformatted', 'repaired', 'invalid', 'placeholder', 'missing'] as const;
/** SOURCES.md §6: membership by the last 365 days' revenue and visits. */
export const MEMBERSHIP_LEVELS = ['basic', 'silver', 'gold', 'platinum', 'vip'] as const;
/** SOURCES.md §6: ≤30 days active, 31–90 inactive, >90 or never dormant. */
export const CUSTOMER_STATUSES = ['active', 'inactive', 'dormant'] as const;
/** The plan's default `stable`, then the churn buckets of SOURCES.md §6 (<30 low, <60 medium, <90 high, else critical). */
export const RISK_LEVELS = ['stable', 'low', 'medium', 'high', 'critical'] as const;
/** SOURCES.md §3: the lead status ladder. */
export const LEAD_STATUSES = ['new', 'db_entered', 'phone_consulted', 'visit_consulted', 'converted'] as const;

export const FINAL_TABLES: readonly FinalTable[] = [
  {
    name: 'customers',
    key: 'customer_id',
    // The ledger number (번호) is the identity: a number is a customer_id or merged into one, never both or twice.
    naturalKeys: [{ label: 'ledger number', expressions: ['unnest(array_prepend(customer_id, merged_ledger_numbers))'] }],
    enums: { phone_status: PHONE_STATUSES, membership_level: MEMBERSHIP_LEVELS, customer_status: CUSTOMER_STATUSES, risk_level: RISK_LEVELS },
    dates: ['first_visit_date', 'last_visit_date'],
    loadedBy: [{ source: 'customers', rows: ['inserted', 'updated', 'unchanged'] }],
  },
  {
    name: 'customer_preferences',
    key: 'preference_id',
    customerRefs: ['customer_id'],
    naturalKeys: [{ label: 'customer_id', expressions: ['customer_id'] }],
    loadedBy: [{ source: 'customers', rows: ['inserted', 'updated', 'unchanged'] }],
  },
  {
    name: 'customer_analytics',
    key: 'analytics_id',
    customerRefs: ['customer_id'],
    naturalKeys: [{ label: 'customer_id+analysis_date', expressions: ['customer_id', 'analysis_date'] }],
    dates: ['analysis_date'],
  },
  {
    name: 'marketing_leads',
    key: 'lead_id',
    customerRefs: ['converted_customer_id'],
    enums: { status: LEAD_STATUSES },
    dates: ['db_entry_date', 'phone_consult_date', 'visit_consult_date', 'registration_date'],
  },
  {
    name: 'kit_receipts',
    key: 'kit_id',
    customerRefs: ['customer_id'],
    // Two serials each belong to two different customers (SOURCES.md §2): unique per customer, not alone.
    naturalKeys: [{ label: 'serial_number+customer_id', expressions: ['serial_number', 'customer_id'] }],
    dates: ['receipt_date', 'result_received_date', 'result_delivered_date'],
  },
  // The monthly usage and payment sheets' tables: their branch adds natural keys, dates and loadedBy here.
  { name: 'service_sessions', key: 'session_id', customerRefs: ['customer_id'] },
  { name: 'payments', key: 'payment_id', customerRefs: ['customer_id'] },
];

/** Bookkeeping that describes the final tables' rows and is backed up and restored with them. */
export const COMPANION_TABLES = ['etl.match_review'] as const;
