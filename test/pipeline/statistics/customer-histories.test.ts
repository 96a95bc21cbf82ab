// Customer statistics and customer_analytics on hand-made histories, on a real server: a VIP, a dormant
// customer, a refund, customers with no sessions, and the §6 boundaries. Rows go straight into customers,
// service_sessions and payments; every expected value is worked out by hand in the comments, as of
// 2025-07-15 (Asia/Seoul). docs/analytics.md gives the rules.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../../pipeline/run.ts';
import { kits } from '../../../pipeline/sources/kits.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { tempDir } from '../../helpers/load.ts';

/** 12:00 in Seoul on 2025-07-15. */
const AS_OF = '2025-07-15';
const NOON_AS_OF = new Date('2025-07-15T03:00:00Z');

interface Expected {
  customer: Record<string, unknown>;
  analytics: Record<string, unknown>;
}

let line = 0;
/** One session row as the sessions merge would write it (matched, from a made-up sheet). */
function session(customerId: number | null, date: string, service: string, flags: { noShow?: boolean; code?: string } = {}) {
  line += 1;
  return [customerId, date, service, flags.code ?? null, flags.noShow ?? false, customerId === null ? 'review' : 'matched', 'hand-made.csv', line, 1];
}

let paymentLine = 0;
function payment(customerId: number | null, date: string, amount: number, program: string) {
  paymentLine += 1;
  return [customerId, date, program, amount, amount < 0 ? 'refund' : 'package', customerId === null ? 'review' : 'matched', `key${paymentLine}`, program, 'hand-made-payments.csv', paymentLine];
}

/** Every day from `from` for `days` days, as ISO dates. */
function days(from: string, count: number, step = 1): string[] {
  const start = new Date(`${from}T00:00:00Z`).getTime();
  return Array.from({ length: count }, (_, i) => new Date(start + i * step * 86_400_000).toISOString().slice(0, 10));
}

const CUSTOMERS: [number, string, string | null][] = [
  [101, '김보람', '2024-09-02'], // VIP
  [102, '이정희', '2023-03-10'], // dormant, with a no-show that must not wake them
  [103, '박서준', '2025-05-02'], // refund
  [104, '최유나', '2025-07-01'], // no sessions, first visit in the ledger
  [105, '정하늘', null], //        no sessions, no first visit, one payment
  [106, '한지민', '2022-03-05'], // a refund whose payment is in a missing sheet
  [107, '오세훈', '2025-03-01'], // 120 visits and 15,000,000: gold (visit bands read as lower bounds)
  [108, '윤서아', '2025-01-06'], // exactly 5,000,000 and 11 visits: silver
  [109, '서지우', '2024-07-16'], // a payment on the day the 365-day window leaves out
  [110, '강민호', '2025-06-15'], // 30 days: active but medium risk; 상담 and AD codes
];

const SESSIONS = [
  // 101 VIP: 레드 on 2024-09-02 and every Monday 2025-06-02 … 07-14; 림프 as well on 07-14; a 펄스 no-show
  // on 07-11; a visit after the as-of date (07-20) that does not count yet.
  ...['2024-09-02', ...days('2025-06-02', 7, 7)].map((d) => session(101, d, '레드')),
  session(101, '2025-07-14', '림프'),
  session(101, '2025-07-11', '펄스', { noShow: true }),
  session(101, '2025-07-20', '펄스'),
  // 102 dormant: 브레인 twice, 펄스 twice (the later one on 2024-12-20), and a 브레인 no-show on 2025-06-20
  // that would make them active and 브레인 their most used service if it counted.
  session(102, '2023-03-10', '브레인'),
  session(102, '2023-04-07', '브레인'),
  session(102, '2023-05-05', '펄스'),
  session(102, '2024-12-20', '펄스'),
  session(102, '2025-06-20', '브레인', { noShow: true }),
  // 103 refund: a trial of 레드 and 림프, then 림프 three times every two weeks.
  session(103, '2025-05-02', '레드'),
  session(103, '2025-05-02', '림프'),
  ...['2025-05-16', '2025-05-30', '2025-06-13'].map((d) => session(103, d, '림프')),
  // 107: 펄스 every day 2025-03-01 … 2025-06-28 (120 days).
  ...days('2025-03-01', 120).map((d) => session(107, d, '펄스')),
  // 108: 브레인 every 14 days 2025-01-06 … 2025-05-26 (11 visits).
  ...days('2025-01-06', 11, 14).map((d) => session(108, d, '브레인')),
  // 109: one visit, on its first visit day.
  session(109, '2024-07-16', '레드'),
  // 110: a consultation and two `AD 3/10` lines nobody could explain.
  session(110, '2025-06-15', '상담'),
  session(110, '2025-06-15', 'unknown', { code: 'AD' }),
  session(110, '2025-06-15', 'unknown', { code: 'AD' }),
  // Rows on the review list (no customer) belong to nobody's statistics.
  session(null, '2025-07-14', '레드'),
];

const PAYMENTS = [
  // 101: 올케어 120회 seven times inside the window, 990,000 in 2023 outside it, one after the as-of date.
  ...['2024-09-02', '2024-11-04', '2025-01-06', '2025-03-03', '2025-05-05', '2025-06-02', '2025-07-07'].map((d) => payment(101, d, 7_920_000, '올케어 120회')),
  payment(101, '2023-12-11', 990_000, '레드 10회'),
  payment(101, '2025-07-20', 7_920_000, '올케어 120회'),
  // 102
  payment(102, '2023-03-10', 1_100_000, '브레인 10회'),
  payment(102, '2024-12-20', 550_000, '펄스 5회'),
  // 103: trial, a package, half of it refunded.
  payment(103, '2025-05-02', 9_900, '첫체험(레드,림프)'),
  payment(103, '2025-05-16', 1_100_000, '림프 10회'),
  payment(103, '2025-06-20', -550_000, '림프 10회 환불'),
  // 105: paid without a visit on record.
  payment(105, '2025-02-14', 99_000, '유기산 키트'),
  // 106: the refund of a payment made in a month whose sheet is missing (2023-01..08).
  payment(106, '2023-05-10', -550_000, '레드 10회 환불'),
  // 107: 7,920,000 + 7,080,000 = 15,000,000.
  payment(107, '2025-03-01', 7_920_000, '올케어 120회'),
  payment(107, '2025-05-01', 7_080_000, '올케어 80회'),
  // 108: exactly the silver threshold.
  payment(108, '2025-01-06', 5_000_000, '브레인 30회'),
  // 109: 45,000,000 exactly 365 days before the as-of date (outside the window), 5,000,000 the day after.
  payment(109, '2024-07-15', 45_000_000, '올케어 120회 외'),
  payment(109, '2024-07-16', 5_000_000, '올케어 40회'),
  // On the review list: nobody's revenue.
  payment(null, '2025-07-01', 7_920_000, '올케어 120회'),
];

const EXPECTED: Record<number, Expected> = {
  101: {
    // Visit days: 2024-09-02 and the seven Mondays 06-02 … 07-14 = 8 (07-11 no-show, 07-20 after the as-of date).
    // Interval: 2024-09-02 → 2025-07-14 is 28+31+30+31+31+28+31+30+31+30+14 = 315 days over 7 gaps = 45.
    // Revenue: 7 × 7,920,000 = 55,440,000 in the window, + 990,000 in 2023 = 56,430,000 → vip (≥ 50,000,000).
    // Last visit 07-14: 1 day → active, low.
    customer: { last_visit_date: '2025-07-14', total_visits: 8, average_visit_interval: 45, total_revenue: '56430000.00', customer_status: 'active', membership_level: 'vip', risk_level: 'low' },
    // 45 days → monthly (≤ 45). Window 2024-09 … 2025-07 = 11 months, visits in 2024-09, 2025-06, 2025-07 = 3 → 27.27 → 27.
    // 레드 8 sessions, 림프 1 → 레드. LTV 56,430,000 + 55,440,000 × 0.90 = 56,430,000 + 49,896,000 = 106,326,000.
    // Retention (90 + 27) / 2 = 58.5 → 59.
    analytics: { visit_frequency: 'monthly', consistency_score: 27, most_used_service: '레드', ltv_estimate: '106326000.00', churn_risk: 'low', churn_probability: 10, retention_score: 59 },
  },
  102: {
    // Visit days 2023-03-10, 04-07, 05-05, 2024-12-20 = 4 (the 2025-06-20 no-show is not a visit).
    // Interval: 2023-03-10 → 2024-03-10 = 366 (29 Feb 2024), → 2024-12-20 = 21+30+31+30+31+31+30+31+30+20 = 285; 651 / 3 = 217.
    // Last visit 2024-12-20 → 2025-07-15 = 11+31+28+31+30+31+30+15 = 207 days → dormant, critical.
    // Revenue 1,100,000 + 550,000 = 1,650,000; in the window 550,000 and 1 visit → basic.
    customer: { last_visit_date: '2024-12-20', total_visits: 4, average_visit_interval: 217, total_revenue: '1650000.00', customer_status: 'dormant', membership_level: 'basic', risk_level: 'critical' },
    // 217 → occasional. Window 2024-08 … 2025-07 = 12 months, visits in 2024-12 only → 8.33 → 8.
    // 브레인 2, 펄스 2: tie, 펄스 used last (2024-12-20) → 펄스. LTV 1,650,000 + 550,000 × 0.15 = 1,732,500.
    // Retention (15 + 8) / 2 = 11.5 → 12.
    analytics: { visit_frequency: 'occasional', consistency_score: 8, most_used_service: '펄스', ltv_estimate: '1732500.00', churn_risk: 'critical', churn_probability: 85, retention_score: 12 },
  },
  103: {
    // Visit days 05-02, 05-16, 05-30, 06-13 = 4; 05-02 → 06-13 = 29 + 13 = 42 days / 3 = 14.
    // Revenue 9,900 + 1,100,000 − 550,000 = 559,900. Last visit 06-13: 17 + 15 = 32 days → inactive, medium.
    customer: { last_visit_date: '2025-06-13', total_visits: 4, average_visit_interval: 14, total_revenue: '559900.00', customer_status: 'inactive', membership_level: 'basic', risk_level: 'medium' },
    // 14 → bi-weekly. Window 2025-05 … 07 = 3 months, visits in 05 and 06 = 2 → 66.67 → 67. 림프 4, 레드 1.
    // LTV 559,900 + 559,900 × 0.70 = 559,900 + 391,930 = 951,830. Retention (70 + 67) / 2 = 68.5 → 69.
    analytics: { visit_frequency: 'bi-weekly', consistency_score: 67, most_used_service: '림프', ltv_estimate: '951830.00', churn_risk: 'medium', churn_probability: 30, retention_score: 69 },
  },
  104: {
    // No sessions: the ledger's first visit 07-01 is the one visit day. 14 days → active, low. No interval.
    customer: { last_visit_date: '2025-07-01', total_visits: 1, average_visit_interval: null, total_revenue: '0.00', customer_status: 'active', membership_level: 'basic', risk_level: 'low' },
    // one-time. Window 2025-07 only, visited → 100. No service. LTV 0. Retention (90 + 100) / 2 = 95.
    analytics: { visit_frequency: 'one-time', consistency_score: 100, most_used_service: null, ltv_estimate: '0.00', churn_risk: 'low', churn_probability: 10, retention_score: 95 },
  },
  105: {
    // No visit at all: never → dormant, critical. Revenue 99,000.
    customer: { last_visit_date: null, total_visits: 0, average_visit_interval: null, total_revenue: '99000.00', customer_status: 'dormant', membership_level: 'basic', risk_level: 'critical' },
    // none; consistency 0; LTV 99,000 + 99,000 × 0.15 = 113,850; retention (15 + 0) / 2 = 7.5 → 8.
    analytics: { visit_frequency: 'none', consistency_score: 0, most_used_service: null, ltv_estimate: '113850.00', churn_risk: 'critical', churn_probability: 85, retention_score: 8 },
  },
  106: {
    // One visit (2022-03-05), long ago → dormant, critical. Net revenue −550,000 (the refund alone).
    customer: { last_visit_date: '2022-03-05', total_visits: 1, average_visit_interval: null, total_revenue: '-550000.00', customer_status: 'dormant', membership_level: 'basic', risk_level: 'critical' },
    // one-time; window 2024-08 … 2025-07 without a visit → 0. LTV max(0, −550,000 + 0) = 0. Retention 7.5 → 8.
    analytics: { visit_frequency: 'one-time', consistency_score: 0, most_used_service: null, ltv_estimate: '0.00', churn_risk: 'critical', churn_probability: 85, retention_score: 8 },
  },
  107: {
    // 120 visit days 03-01 … 06-28 (31 + 30 + 31 + 28); 119 days over 119 gaps = 1. Last 06-28: 2 + 15 = 17 days.
    // 15,000,000 with 120 visits: not platinum (< 20,000,000); gold: ≥ 10,000,000 and ≥ 31 visits.
    customer: { last_visit_date: '2025-06-28', total_visits: 120, average_visit_interval: 1, total_revenue: '15000000.00', customer_status: 'active', membership_level: 'gold', risk_level: 'low' },
    // 1 → weekly. Window 2025-03 … 07 = 5 months, visits in 4 → 80. LTV 15,000,000 + 15,000,000 × 0.90 = 28,500,000.
    // Retention (90 + 80) / 2 = 85.
    analytics: { visit_frequency: 'weekly', consistency_score: 80, most_used_service: '펄스', ltv_estimate: '28500000.00', churn_risk: 'low', churn_probability: 10, retention_score: 85 },
  },
  108: {
    // 11 visits 01-06 … 05-26, 140 days / 10 = 14. Last 05-26: 5 + 30 + 15 = 50 days → inactive, medium.
    // 5,000,000 and 11 visits → silver (both thresholds inclusive).
    customer: { last_visit_date: '2025-05-26', total_visits: 11, average_visit_interval: 14, total_revenue: '5000000.00', customer_status: 'inactive', membership_level: 'silver', risk_level: 'medium' },
    // bi-weekly. Window 2025-01 … 07 = 7 months, visits in 01–05 = 5 → 71.43 → 71. LTV 5,000,000 × 1.70 = 8,500,000.
    // Retention (70 + 71) / 2 = 70.5 → 71.
    analytics: { visit_frequency: 'bi-weekly', consistency_score: 71, most_used_service: '브레인', ltv_estimate: '8500000.00', churn_risk: 'medium', churn_probability: 30, retention_score: 71 },
  },
  109: {
    // The window is 2024-07-16 … 2025-07-15: 45,000,000 on 2024-07-15 is out, so 5,000,000 and 1 visit → basic.
    // Total 50,000,000. Last visit 2024-07-16: 364 days → dormant, critical.
    customer: { last_visit_date: '2024-07-16', total_visits: 1, average_visit_interval: null, total_revenue: '50000000.00', customer_status: 'dormant', membership_level: 'basic', risk_level: 'critical' },
    // Window 2024-08 … 2025-07, no visit → 0. LTV 50,000,000 + 5,000,000 × 0.15 = 50,750,000. Retention 7.5 → 8.
    analytics: { visit_frequency: 'one-time', consistency_score: 0, most_used_service: '레드', ltv_estimate: '50750000.00', churn_risk: 'critical', churn_probability: 85, retention_score: 8 },
  },
  110: {
    // One visit day 06-15: 15 + 15 = 30 days → active (≤ 30) but medium risk (not < 30).
    customer: { last_visit_date: '2025-06-15', total_visits: 1, average_visit_interval: null, total_revenue: '0.00', customer_status: 'active', membership_level: 'basic', risk_level: 'medium' },
    // Window 2025-06 … 07 = 2 months, 1 visited → 50. 상담 1 (AD codes do not count). Retention (70 + 50) / 2 = 60.
    analytics: { visit_frequency: 'one-time', consistency_score: 50, most_used_service: '상담', ltv_estimate: '0.00', churn_risk: 'medium', churn_probability: 30, retention_score: 60 },
  },
};

const CUSTOMER_COLUMNS = ['last_visit_date', 'total_visits', 'average_visit_interval', 'total_revenue', 'customer_status', 'membership_level', 'risk_level'];
const ANALYTICS_COLUMNS = ['visit_frequency', 'consistency_score', 'most_used_service', 'ltv_estimate', 'churn_risk', 'churn_probability', 'retention_score'];

async function insertRows(db: TestDatabase, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const placeholders = rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`).join(', ');
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, rows.flat());
  // Customers here stand for ledger customers (번호 = customer_id): the statistics are computed for those.
  if (table === 'customers') await db.query('UPDATE customers SET ledger_number = customer_id WHERE ledger_number IS NULL');
}

function recompute(db: TestDatabase, now: Date = NOON_AS_OF) {
  return runPipeline({
    command: 'test stats',
    sources: [],
    inputs: new Map(),
    recomputeStatistics: true,
    statisticsScope: 'all',
    now,
    env: { DATABASE_URL: db.url },
    reportsDir: tempDir('aibio-reports-'),
  });
}

async function customerStats(db: TestDatabase): Promise<Map<number, Record<string, unknown>>> {
  const rows = await db.query<Record<string, unknown> & { customer_id: number }>(
    `SELECT customer_id, last_visit_date::text, ${CUSTOMER_COLUMNS.slice(1).join(', ')} FROM customers ORDER BY customer_id`,
  );
  return new Map(rows.map(({ customer_id, ...rest }) => [customer_id, rest]));
}

async function analyticsOn(db: TestDatabase, date: string): Promise<Map<number, Record<string, unknown>>> {
  const rows = await db.query<Record<string, unknown> & { customer_id: number }>(
    `SELECT customer_id, ${ANALYTICS_COLUMNS.join(', ')} FROM customer_analytics WHERE analysis_date = $1 ORDER BY customer_id`,
    [date],
  );
  return new Map(rows.map(({ customer_id, ...rest }) => [customer_id, rest]));
}

describe('customer statistics and analytics on hand-made histories', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await insertRows(db, 'customers', ['customer_id', 'name', 'first_visit_date'], CUSTOMERS);
    await insertRows(db, 'service_sessions', ['customer_id', 'session_date', 'service', 'service_code', 'is_no_show', 'match_status', 'source_file', 'source_line', 'line_seq'], SESSIONS);
    await insertRows(db, 'payments', ['customer_id', 'payment_date', 'program', 'amount', 'payment_type', 'match_status', 'customer_key', 'program_key', 'source_file', 'source_line'], PAYMENTS);
  });
  afterAll(async () => db?.drop());

  it('computes every statistics column as worked out by hand', async () => {
    const report = await recompute(db);
    expect(report.statistics).toEqual({
      asOf: AS_OF,
      scope: 'all',
      customers: { total: 10, updated: 10, neverVisited: 1 },
      analytics: { rows: 10, inserted: 10, updated: 0, unchanged: 0, removed: 0 },
    });
    const stats = await customerStats(db);
    for (const [id, expected] of Object.entries(EXPECTED)) expect({ id, ...stats.get(Number(id)) }).toEqual({ id, ...expected.customer });
  });

  it('writes one customer_analytics row per customer for the as-of date, every column as worked out by hand', async () => {
    const rows = await analyticsOn(db, AS_OF);
    expect([...rows.keys()]).toEqual(CUSTOMERS.map(([id]) => id));
    for (const [id, expected] of Object.entries(EXPECTED)) expect({ id, ...rows.get(Number(id)) }).toEqual({ id, ...expected.analytics });
  });

  it('rerun on the same day changes nothing when nothing changed, and replaces the day\'s rows when something did', async () => {
    const idsBefore = await db.query(`SELECT customer_id, analytics_id FROM customer_analytics ORDER BY 1`);
    const same = await recompute(db);
    expect(same.statistics).toMatchObject({ customers: { updated: 0 }, analytics: { rows: 10, inserted: 0, updated: 0, unchanged: 10, removed: 0 } });
    expect(await db.query(`SELECT customer_id, analytics_id FROM customer_analytics ORDER BY 1`)).toEqual(idsBefore);

    // 104 comes in today and buys a 레드 10회 package (1,100,000); a stale row for the day has no customer.
    await insertRows(db, 'service_sessions', ['customer_id', 'session_date', 'service', 'service_code', 'is_no_show', 'match_status', 'source_file', 'source_line', 'line_seq'], [session(104, AS_OF, '레드')]);
    await insertRows(db, 'payments', ['customer_id', 'payment_date', 'program', 'amount', 'payment_type', 'match_status', 'customer_key', 'program_key', 'source_file', 'source_line'], [payment(104, AS_OF, 1_100_000, '레드 10회')]);
    await db.query(`INSERT INTO customer_analytics (customer_id, analysis_date, visit_frequency) VALUES (NULL, $1, 'weekly')`, [AS_OF]);
    const changed = await recompute(db);
    expect(changed.statistics).toMatchObject({ customers: { updated: 1 }, analytics: { rows: 10, inserted: 0, updated: 1, unchanged: 9, removed: 1 } });
    // Visit days 07-01 and 07-15: 2 visits, 14 days apart; last visit today → 0 days, active, low.
    expect((await customerStats(db)).get(104)).toEqual({ last_visit_date: AS_OF, total_visits: 2, average_visit_interval: 14, total_revenue: '1100000.00', customer_status: 'active', membership_level: 'basic', risk_level: 'low' });
    // 14 → bi-weekly; July visited → 100; 레드; LTV 1,100,000 + 1,100,000 × 0.90 = 2,090,000; (90 + 100) / 2 = 95.
    const rows = await analyticsOn(db, AS_OF);
    expect(rows.size).toBe(10);
    expect(rows.get(104)).toEqual({ visit_frequency: 'bi-weekly', consistency_score: 100, most_used_service: '레드', ltv_estimate: '2090000.00', churn_risk: 'low', churn_probability: 10, retention_score: 95 });
    expect(await db.query(`SELECT count(*)::int AS n FROM customer_analytics WHERE analysis_date = $1`, [AS_OF])).toEqual([{ n: 10 }]);
  });

  it('a run on the next day adds that day\'s rows and keeps the earlier day\'s', async () => {
    const before = await analyticsOn(db, AS_OF);
    const next = await recompute(db, new Date('2025-07-16T03:00:00Z'));
    expect(next.statistics).toMatchObject({ asOf: '2025-07-16', analytics: { rows: 10, inserted: 10 } });
    expect(await analyticsOn(db, AS_OF)).toEqual(before);
    // 110's last visit 06-15 is now 31 days ago → inactive; 101's VIP visit 07-14 is 2 days ago, still active.
    const stats = await customerStats(db);
    expect(stats.get(110)).toMatchObject({ customer_status: 'inactive', risk_level: 'medium' });
    expect(stats.get(101)).toMatchObject({ customer_status: 'active' });
  });

  it('a run that loads none of their inputs leaves statistics alone', async () => {
    const before = await db.query(`SELECT * FROM customer_analytics ORDER BY analytics_id`);
    const report = await runPipeline({
      command: 'test kits',
      sources: [kits],
      inputs: new Map([[kits.name, []]]),
      now: new Date('2025-07-17T03:00:00Z'),
      env: { DATABASE_URL: db.url },
      reportsDir: tempDir('aibio-reports-'),
    });
    expect(report.statistics).toBeUndefined();
    expect(await db.query(`SELECT * FROM customer_analytics ORDER BY analytics_id`)).toEqual(before);
  });
});

describe('the §6 boundaries, one customer per number of days since the last visit', () => {
  // Each customer's only visit is their first visit in the ledger, `days` before 2025-07-15.
  const CASES: [days: number, status: string, risk: string, probability: number][] = [
    [0, 'active', 'low', 10],
    [29, 'active', 'low', 10],
    [30, 'active', 'medium', 30],
    [31, 'inactive', 'medium', 30],
    [59, 'inactive', 'medium', 30],
    [60, 'inactive', 'high', 60],
    [89, 'inactive', 'high', 60],
    [90, 'inactive', 'critical', 85],
    [91, 'dormant', 'critical', 85],
  ];
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const asOf = new Date(`${AS_OF}T00:00:00Z`).getTime();
    await insertRows(db, 'customers', ['customer_id', 'name', 'first_visit_date'], CASES.map(([d]) => [d + 1, `고객${d}`, new Date(asOf - d * 86_400_000).toISOString().slice(0, 10)]));
    await recompute(db);
  });
  afterAll(async () => db?.drop());

  it.each(CASES)('%d days → %s, risk %s, churn probability %d', async (d, status, risk, probability) => {
    const [row] = await db.query(
      `SELECT c.customer_status, c.risk_level, a.churn_risk, a.churn_probability
         FROM customers c JOIN customer_analytics a USING (customer_id) WHERE customer_id = $1`,
      [d + 1],
    );
    expect(row).toEqual({ customer_status: status, risk_level: risk, churn_risk: risk, churn_probability: probability });
  });
});

describe('visit_frequency and consistency_score at their edges', () => {
  // Each customer's first visit in the ledger is 2025-05-01, with sessions `offsets` days later.
  const FREQUENCIES: [offsets: number[], interval: number, frequency: string][] = [
    [[10], 10, 'weekly'],
    [[11], 11, 'bi-weekly'],
    [[20], 20, 'bi-weekly'],
    [[21], 21, 'monthly'],
    [[45], 45, 'monthly'],
    [[46], 46, 'occasional'],
    [[10, 21], 11, 'bi-weekly'], // 21 days over 2 gaps = 10.5, rounded half up to 11
  ];
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await insertRows(db, 'customers', ['customer_id', 'name', 'first_visit_date'], [
      ...FREQUENCIES.map((_, i) => [i + 1, `빈도${i}`, '2025-05-01']),
      [100, '꾸준해', '2023-01-10'],
    ]);
    const start = days('2025-05-01', 47);
    await insertRows(db, 'service_sessions', ['customer_id', 'session_date', 'service', 'service_code', 'is_no_show', 'match_status', 'source_file', 'source_line', 'line_seq'], [
      ...FREQUENCIES.flatMap(([offsets], i) => offsets.map((o) => session(i + 1, start[o]!, '레드'))),
      // 100: the 10th of 2024-07 and of every month 2024-08 … 2025-07 except 2024-10 and 2025-01.
      ...['2024-07', '2024-08', '2024-09', '2024-11', '2024-12', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07'].map((m) => session(100, `${m}-10`, '펄스')),
    ]);
    await recompute(db);
  });
  afterAll(async () => db?.drop());

  it.each(FREQUENCIES.map((c, i) => [i + 1, ...c] as const))('customer %d: visits after %j days → interval %d, %s', async (id, _offsets, interval, frequency) => {
    const [row] = await db.query(
      `SELECT c.average_visit_interval, a.visit_frequency FROM customers c JOIN customer_analytics a USING (customer_id) WHERE customer_id = $1`,
      [id],
    );
    expect(row).toEqual({ average_visit_interval: interval, visit_frequency: frequency });
  });

  it('counts consistency over the last 12 months, not since the first visit', async () => {
    // Window 2024-08 … 2025-07 (the first visit, 2023-01, is earlier): visits in 10 of its 12 months → 83.33 → 83.
    // (Since the first visit it would be 11 / 31 → 35; a 13-month window 11 / 13 → 85.)
    const [row] = await db.query(`SELECT consistency_score FROM customer_analytics WHERE customer_id = 100`);
    expect(row).toEqual({ consistency_score: 83 });
  });
});
