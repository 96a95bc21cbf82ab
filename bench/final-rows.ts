// What the plan's script would INSERT per row: a cleaned row (the pipeline's row function, so the
// comparison is of loading, not of cleaning) laid out as the final table's columns.

import type { CopyValue } from '../sinks/copy-text.ts';
import { CUSTOMER_STAGING_COLUMNS } from '../pipeline/sources/customers-columns.ts';
import { USAGE_STAGING_COLUMNS } from '../pipeline/sources/sessions-rows.ts';

type Picker = (values: readonly CopyValue[]) => unknown[];

function picker<const C extends readonly string[]>(staging: C, pairs: readonly (readonly [string, C[number] | null])[]): { columns: string[]; from: Picker } {
  const indexes = pairs.map(([, s]) => (s === null ? -1 : staging.indexOf(s)));
  return {
    columns: pairs.map(([c]) => c),
    from: (values) => indexes.map((i) => (i < 0 ? null : values[i])),
  };
}

export const FINAL_ROWS = {
  customers: picker(CUSTOMER_STAGING_COLUMNS, [
    ['customer_id', 'ledger_no'], ['name', 'name'], ['name_raw', 'name_raw'], ['phone', 'phone'], ['phone_raw', 'phone_raw'],
    ['phone_status', 'phone_status'], ['first_visit_date', 'first_visit_date'], ['region', 'region'],
    ['referral_source', 'referral_source'], ['referral_detail', 'referral_detail'], ['review_suggestion', 'review_suggestion'],
    ['testimonial_suggestion', 'testimonial_suggestion'], ['file_location', 'file_location'], ['health_concerns', 'health_concerns'],
    ['notes', 'notes'], ['assigned_staff', 'assigned_staff'], ['birth_year', 'birth_year'],
  ]),
  sessions: picker(USAGE_STAGING_COLUMNS, [
    ['session_date', 'session_date'], ['service', 'service'], ['service_code', 'service_code'], ['session_number', 'session_number'],
    ['package_total', 'package_total'], ['duration_minutes', 'duration_minutes'], ['is_complimentary', 'is_complimentary'],
    ['is_trial', 'is_trial'], ['is_no_show', 'is_no_show'], ['counted_as', 'counted_as'], ['package_text', 'package_text'],
    ['settings_text', 'settings_text'], ['sheet_used', 'sheet_used'], ['sheet_total', 'sheet_total'], ['sheet_remaining', 'sheet_remaining'],
    ['name_raw', 'name_raw'], ['visit_notes', 'visit_notes'], ['sheet_layout', 'layout'], ['source_file', 'source_file'],
    ['source_line', 'line'], ['line_seq', 'seq'],
  ]),
} as const;
