// The checks one registry entry (final-tables.ts) asks for: no orphans, unique natural keys, values in
// their accepted sets, numbers within their bounds, dates between the center's opening and today. A table
// that does not exist yet gets each of its checks listed as skipped, so the gap stays visible.

import type { ClientBase } from 'pg';
import type { FinalTable, NaturalKey } from '../final-tables.ts';
import { quoteName, quoteQualified } from '../table-catalog.ts';
import { checkSql } from './check-sql.ts';
import type { CheckFn, CheckResult, VerifyContext } from './checks.ts';

interface TableCheck {
  name: string;
  /** Columns the check reads besides the key: a missing one is a registry error, reported as such. */
  needs: readonly string[];
  run: (name: string) => Promise<CheckResult>;
}

/** The named checks for `table`; `columns` is null when the table does not exist. */
export function tableChecks(client: ClientBase, table: FinalTable, columns: readonly string[] | null, context: VerifyContext): [string, CheckFn][] {
  const checks: TableCheck[] = [
    ...(table.customerRefs ?? []).map((column) => ({
      name: `orphans:${table.name}.${column}`,
      needs: [column],
      run: (name: string) => orphans(client, table, column, name),
    })),
    ...(table.naturalKeys ?? []).map((key) => ({
      name: `unique:${table.name}.${key.label.replace(/ /g, '_')}`,
      needs: [],
      run: (name: string) => duplicates(client, table, key, name),
    })),
    ...Object.entries(table.enums ?? {}).map(([column, accepted]) => ({
      name: `enum:${table.name}.${column}`,
      needs: [column],
      run: (name: string) => enumValues(client, table, column, accepted, name),
    })),
    ...Object.entries(table.ranges ?? {}).map(([column, bounds]) => ({
      name: `range:${table.name}.${column}`,
      needs: [column],
      run: (name: string) => outOfRange(client, table, column, bounds, name),
    })),
    ...(table.dates ?? []).map((column) => ({
      name: `dates:${table.name}.${column}`,
      needs: [column],
      run: (name: string) => dateRange(client, table, column, context, name),
    })),
  ];
  return checks.map((check) => [check.name, async () => [await withColumns(check, table, columns)]]);
}

async function withColumns(check: TableCheck, table: FinalTable, columns: readonly string[] | null): Promise<CheckResult> {
  const { name } = check;
  if (columns === null) return { name, status: 'skip', detail: `table ${table.name} does not exist yet` };
  const missing = [table.key, ...check.needs].filter((c) => !columns.includes(c));
  if (missing.length) {
    return { name, status: 'fail', detail: `${table.name} has no column ${missing.join(', ')}: fix its entry in pipeline/final-tables.ts` };
  }
  return check.run(name);
}

/** The table as the checks read it: only the rows this tool answers for, when the registry says so. */
function checkedRows(table: FinalTable): string {
  return table.rows ? `(SELECT * FROM ${quoteQualified(table.name)} WHERE ${table.rows})` : quoteQualified(table.name);
}

function identifiers(table: FinalTable, column?: string): Record<string, string> {
  return { table: checkedRows(table), key: quoteName(table.key), ...(column ? { column: quoteName(column) } : {}) };
}

async function orphans(client: ClientBase, table: FinalTable, column: string, name: string): Promise<CheckResult> {
  const rows = (await client.query<{ total: number; id: string; ref: string }>(checkSql('orphans.sql', identifiers(table, column)))).rows;
  if (rows.length === 0) return { name, status: 'pass', detail: `every ${column} names an existing customer` };
  const examples = rows.map((r) => `${table.key} ${r.id} → customer ${r.ref}`).join(', ');
  return { name, status: 'fail', detail: `${rows[0]!.total} row(s) point at a customer that does not exist: ${examples}` };
}

async function duplicates(client: ClientBase, table: FinalTable, key: NaturalKey, name: string): Promise<CheckResult> {
  const parts = key.expressions.map((_, i) => `k${i}`);
  const sql = checkSql('duplicates.sql', {
    table: checkedRows(table),
    key_select: key.expressions.map((e, i) => `${e} AS k${i}`).join(', '),
    key_text: parts.map((p) => `${p}::text`).join(', '),
    key_not_null: parts.map((p) => `${p} IS NOT NULL`).join(' AND '),
    key_group: parts.join(', '),
  });
  const rows = (await client.query<{ total: number; key: string; rows: number }>(sql)).rows;
  if (rows.length === 0) return { name, status: 'pass', detail: `no two rows share a ${key.label}` };
  const examples = rows.map((r) => `${r.key} (${r.rows} rows)`).join(', ');
  return { name, status: 'fail', detail: `${rows[0]!.total} ${key.label} value(s) held by more than one row: ${examples}` };
}

async function enumValues(client: ClientBase, table: FinalTable, column: string, accepted: readonly string[], name: string): Promise<CheckResult> {
  const rows = (await client.query<{ distinct_values: number; total: number; value: string; rows: number }>(checkSql('enum-values.sql', identifiers(table, column)), [accepted])).rows;
  if (rows.length === 0) return { name, status: 'pass', detail: `every value is one of ${accepted.join(', ')}` };
  const examples = rows.map((r) => `${JSON.stringify(r.value)} × ${r.rows}`).join(', ');
  return { name, status: 'fail', detail: `${rows[0]!.total} row(s) hold a value outside ${accepted.join(', ')}: ${examples}` };
}

async function outOfRange(client: ClientBase, table: FinalTable, column: string, bounds: { min?: number; max?: number }, name: string): Promise<CheckResult> {
  const rows = (await client.query<{ total: number; id: string; value: string }>(checkSql('range.sql', identifiers(table, column)), [bounds.min ?? null, bounds.max ?? null])).rows;
  const accepted = bounds.max === undefined ? `≥ ${bounds.min}` : bounds.min === undefined ? `≤ ${bounds.max}` : `${bounds.min}–${bounds.max}`;
  if (rows.length === 0) return { name, status: 'pass', detail: `every value is ${accepted}` };
  const examples = rows.map((r) => `${table.key} ${r.id} = ${r.value}`).join(', ');
  return { name, status: 'fail', detail: `${rows[0]!.total} row(s) hold a value outside ${accepted}: ${examples}` };
}

async function dateRange(client: ClientBase, table: FinalTable, column: string, context: VerifyContext, name: string): Promise<CheckResult> {
  const [row] = (
    await client.query<{ future: number; early: number; future_examples: string[] | null; early_examples: string[] | null; earliest: string | null; latest: string | null }>(
      checkSql('date-range.sql', { ...identifiers(table, column), future_allowed: table.futureAllowed?.[column] ?? 'false' }),
      [context.today, context.earliest],
    )
  ).rows;
  if (!row || (row.future === 0 && row.early === 0)) {
    const span = row?.earliest ? `from ${row.earliest} to ${row.latest}` : 'no dates';
    return { name, status: 'pass', detail: `${span}, within ${context.earliest} … ${context.today}` };
  }
  const problems = [
    row.future ? `${row.future} after today ${context.today} (${table.key}=date: ${row.future_examples!.join(', ')})` : '',
    row.early ? `${row.early} before the center opened ${context.earliest} (${row.early_examples!.join(', ')})` : '',
  ].filter(Boolean);
  return { name, status: 'fail', detail: problems.join('; ') };
}
