// The statistics rules of docs/analytics.md written again in TypeScript, straight from the documentation,
// as an oracle for the SQL on the loaded samples: given the tables' rows, what every customer's statistics
// and analytics row must be on a date.

import type { TestDatabase } from './db.ts';

export interface OracleStats {
  last_visit_date: string | null;
  total_visits: number;
  average_visit_interval: number | null;
  total_revenue: number;
  customer_status: string;
  membership_level: string;
  risk_level: string;
}

export interface OracleAnalytics {
  visit_frequency: string;
  consistency_score: number;
  most_used_service: string | null;
  ltv_estimate: number;
  churn_risk: string;
  churn_probability: number;
  retention_score: number;
}

interface Inputs {
  customers: { customer_id: number; first_visit_date: string | null }[];
  sessions: { customer_id: number; session_date: string; service: string; is_no_show: boolean }[];
  payments: { customer_id: number; payment_date: string; amount: number }[];
}

export async function readInputs(db: TestDatabase): Promise<Inputs> {
  return {
    customers: await db.query(`SELECT customer_id, first_visit_date::text FROM customers WHERE ledger_number IS NOT NULL`),
    sessions: await db.query(`SELECT customer_id, session_date::text, service, is_no_show FROM service_sessions WHERE customer_id IS NOT NULL`),
    payments: await db.query(`SELECT customer_id, payment_date::text, amount FROM payments WHERE customer_id IS NOT NULL`),
  };
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const monthNumber = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

export function expectedStatistics(inputs: Inputs, asOf: string): Map<number, { stats: OracleStats; analytics: OracleAnalytics }> {
  const today = dayNumber(asOf);
  const visitDays = new Map<number, Set<string>>();
  const serviceUse = new Map<number, Map<string, { sessions: number; last: string }>>();
  const revenue = new Map<number, { total: number; year: number }>();
  for (const c of inputs.customers) {
    visitDays.set(c.customer_id, new Set(c.first_visit_date && c.first_visit_date <= asOf ? [c.first_visit_date] : []));
  }
  for (const s of inputs.sessions) {
    if (s.is_no_show || s.session_date > asOf) continue;
    visitDays.get(s.customer_id)!.add(s.session_date);
    if (s.service === 'unknown') continue;
    const uses = serviceUse.get(s.customer_id) ?? new Map();
    const use = uses.get(s.service) ?? { sessions: 0, last: s.session_date };
    uses.set(s.service, { sessions: use.sessions + 1, last: use.last > s.session_date ? use.last : s.session_date });
    serviceUse.set(s.customer_id, uses);
  }
  for (const p of inputs.payments) {
    if (p.payment_date > asOf) continue;
    const r = revenue.get(p.customer_id) ?? { total: 0, year: 0 };
    r.total += p.amount;
    if (today - dayNumber(p.payment_date) < 365) r.year += p.amount;
    revenue.set(p.customer_id, r);
  }

  const out = new Map<number, { stats: OracleStats; analytics: OracleAnalytics }>();
  for (const [id, daySet] of visitDays) {
    const sorted = [...daySet].sort();
    const visits = sorted.length;
    const last = sorted.at(-1) ?? null;
    const since = last === null ? null : today - dayNumber(last);
    const interval = visits >= 2 ? Math.round((dayNumber(last!) - dayNumber(sorted[0]!)) / (visits - 1)) : null;
    const visitsYear = sorted.filter((d) => today - dayNumber(d) < 365).length;
    const { total, year } = revenue.get(id) ?? { total: 0, year: 0 };
    const status = since !== null && since <= 30 ? 'active' : since !== null && since <= 90 ? 'inactive' : 'dormant';
    const [risk, probability] =
      since !== null && since < 30 ? ['low', 10] : since !== null && since < 60 ? ['medium', 30] : since !== null && since < 90 ? ['high', 60] : ['critical', 85];
    const membership =
      year >= 50_000_000 ? 'vip'
      : year >= 20_000_000 && visitsYear >= 100 ? 'platinum'
      : year >= 10_000_000 && visitsYear >= 31 ? 'gold'
      : year >= 5_000_000 && visitsYear >= 11 ? 'silver'
      : 'basic';
    const frequency =
      visits === 0 ? 'none' : visits === 1 ? 'one-time' : interval! <= 10 ? 'weekly' : interval! <= 20 ? 'bi-weekly' : interval! <= 45 ? 'monthly' : 'occasional';
    let consistency = 0;
    if (visits > 0) {
      const start = Math.max(monthNumber(sorted[0]!), monthNumber(asOf) - 11);
      const active = new Set(sorted.map(monthNumber).filter((m) => m >= start)).size;
      consistency = Math.round((100 * active) / (monthNumber(asOf) - start + 1));
    }
    const uses = [...(serviceUse.get(id) ?? new Map<string, { sessions: number; last: string }>())];
    uses.sort(([a, x], [b, y]) => y.sessions - x.sessions || (y.last > x.last ? 1 : y.last < x.last ? -1 : 0) || (a < b ? -1 : a > b ? 1 : 0));
    out.set(id, {
      stats: { last_visit_date: last, total_visits: visits, average_visit_interval: interval, total_revenue: total, customer_status: status, membership_level: membership, risk_level: risk as string },
      analytics: {
        visit_frequency: frequency,
        consistency_score: consistency,
        most_used_service: uses[0]?.[0] ?? null,
        ltv_estimate: Math.max(0, Math.round((total * 100 + Math.max(year, 0) * (100 - (probability as number))) / 100)),
        churn_risk: risk as string,
        churn_probability: probability as number,
        retention_score: Math.round((100 - (probability as number) + consistency) / 2),
      },
    });
  }
  return out;
}
