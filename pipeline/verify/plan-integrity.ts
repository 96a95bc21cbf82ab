// The plan's integrity query (PLAN.md 4.1) as a check: it lists customers with their kit and session
// counts; summed, those counts must equal the kits and sessions that name a customer — anything
// missing from the sum points at a customer that is not there.

import type { ClientBase } from 'pg';
import type { QualifiedName } from '../table-catalog.ts';
import { checkSql } from './check-sql.ts';
import type { CheckResult } from './checks.ts';

const NAME = 'integrity:plan-4.1';

export async function planIntegrityCheck(client: ClientBase, present: ReadonlySet<QualifiedName>): Promise<CheckResult[]> {
  if (!present.has('public.customers') || !present.has('public.kit_receipts')) {
    return [{ name: NAME, status: 'skip', detail: 'customers or kit_receipts does not exist yet' }];
  }
  const withSessions = present.has('public.service_sessions');
  const rows = (await client.query<{ kit_count: string; session_count: string }>(checkSql(withSessions ? 'plan-integrity.sql' : 'plan-integrity-kits.sql'))).rows;
  const kitsInQuery = rows.reduce((sum, r) => sum + Number(r.kit_count), 0);
  const sessionsInQuery = rows.reduce((sum, r) => sum + Number(r.session_count), 0);
  const [linked] = (
    await client.query<{ kits: number; sessions: number | null }>(
      `SELECT (SELECT count(*) FROM kit_receipts WHERE customer_id IS NOT NULL)::int AS kits,
              ${withSessions ? '(SELECT count(*) FROM service_sessions WHERE customer_id IS NOT NULL)::int' : 'NULL::int'} AS sessions`,
    )
  ).rows;
  const kitsOk = kitsInQuery === linked!.kits;
  const sessionsOk = !withSessions || sessionsInQuery === linked!.sessions;
  const detail = [
    `${rows.length} customer(s) with a kit or session`,
    `kits ${kitsInQuery} of ${linked!.kits} linked`,
    withSessions ? `sessions ${sessionsInQuery} of ${linked!.sessions} linked` : 'sessions not checked: service_sessions does not exist yet',
  ].join('; ');
  return [{ name: NAME, status: kitsOk && sessionsOk ? 'pass' : 'fail', detail }];
}
