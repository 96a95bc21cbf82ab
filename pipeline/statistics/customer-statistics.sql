-- Customer statistics (plan 3.2 "통계 업데이트"), recomputed as of the date in current_setting('etl.as_of') —
-- the run's date in Asia/Seoul — from service_sessions and payments, for the ledger customers of the view
-- statistics_customers: every one (`pipeline stats`, the daily job) or those a load touched, with their
-- sessions and payments (statistics_sessions, statistics_payments); refresh-statistics.ts defines them.
-- Customers the center's app made that are not in the ledger (ledger_number NULL) are the app's: their
-- rows are never written, though sheets may link sessions to them.
-- The rules and why are in docs/analytics.md. In short:
-- - A visit day is a day with at least one session that was not a no-show (`레드 5/10 노쇼`), or the
--   customer's 첫방문일 from the master ledger. Events after the as-of date do not count yet.
-- - total_revenue is every linked payment up to the as-of date, refunds (-550,000) included.
-- - customer_status (≤30 active, 31–90 inactive, >90 or never dormant), risk_level (<30 low, <60 medium,
--   <90 high, else critical) by days since the last visit; membership_level by the 365 days ending on the
--   as-of date, first match wins (SOURCES.md §6; visit bands read as lower bounds, see the docs).
-- Customers are updated only where a value changed (updated_at is left alone: it tracks ledger edits).
-- Leaves customer_stats (one row per customer, with the visit months customer-analytics.sql scores) for
-- customer-analytics.sql; the last SELECT is the counters.
--
-- Why it is shaped this way: a ledger of a million customers has a million 첫방문일 but, on a first load,
-- no sessions. The sessions' visit days are aggregated on their own (few rows), and each customer's
-- 첫방문일 is then added in the one pass over customers — one more visit day unless a session fell on it —
-- instead of building and grouping a million-row table of visit days.
-- Months are numbered by etl.month_number (year × 12 + month: 2025-07 → 24307), so "the last 12 months"
-- is plain arithmetic.

DROP TABLE IF EXISTS pg_temp.session_visit_days, pg_temp.customer_stats;

CREATE TEMP TABLE session_visit_days ON COMMIT DROP AS
SELECT DISTINCT customer_id, session_date AS visit_date,
       etl.month_number(session_date) AS visit_month
  FROM statistics_sessions
 WHERE customer_id IS NOT NULL
   AND NOT is_no_show
   AND session_date <= current_setting('etl.as_of')::date;
ANALYZE session_visit_days;

CREATE TEMP TABLE customer_stats ON COMMIT DROP AS
WITH as_of AS (
    SELECT d AS as_of, etl.month_number(d) AS as_of_month
      FROM (SELECT current_setting('etl.as_of')::date AS d) today
), session_visits AS (
    -- months: bit k set when the customer came in the k-th month before the as-of month (k = 0..11)
    SELECT v.customer_id, min(v.visit_date) AS first_visit, max(v.visit_date) AS last_visit,
           count(*)::integer AS visits,
           count(*) FILTER (WHERE v.visit_date > a.as_of - 365)::integer AS visits_365,
           coalesce(bit_or(1 << (a.as_of_month - v.visit_month)) FILTER (WHERE v.visit_month > a.as_of_month - 12), 0) AS months
      FROM session_visit_days v CROSS JOIN as_of a
     GROUP BY v.customer_id
), revenue AS (
    SELECT p.customer_id, sum(p.amount)::numeric AS revenue_total,
           coalesce(sum(p.amount) FILTER (WHERE p.payment_date > a.as_of - 365), 0)::numeric AS revenue_365
      FROM statistics_payments p CROSS JOIN as_of a
     WHERE p.customer_id IS NOT NULL AND p.payment_date <= a.as_of
     GROUP BY p.customer_id
), ledger_visit AS (
    -- the 첫방문일 as a visit day (when it is not after the as-of date); `extra` when no session fell on it
    SELECT c.customer_id, c.last_visit_date AS stored_last_visit, c.total_visits AS stored_visits,
           c.average_visit_interval AS stored_interval, c.total_revenue AS stored_revenue,
           c.customer_status AS stored_status, c.membership_level AS stored_membership, c.risk_level AS stored_risk,
           f.day, f.day IS NOT NULL AND sd.customer_id IS NULL AS extra,
           etl.month_number(f.day) AS day_month
      FROM statistics_customers c
     CROSS JOIN as_of a
     CROSS JOIN LATERAL (SELECT CASE WHEN c.first_visit_date <= a.as_of THEN c.first_visit_date END AS day) f
      LEFT JOIN session_visit_days sd ON sd.customer_id = c.customer_id AND sd.visit_date = f.day
), facts AS (
    SELECT l.*, a.as_of, a.as_of_month,
           least(v.first_visit, l.day) AS first_visit,
           greatest(v.last_visit, l.day) AS last_visit,
           coalesce(v.visits, 0) + l.extra::integer AS visits,
           coalesce(v.visits_365, 0) + (l.extra AND l.day > a.as_of - 365)::integer AS visits_365,
           coalesce(v.months, 0)
             | CASE WHEN l.day_month > a.as_of_month - 12 THEN 1 << (a.as_of_month - l.day_month) ELSE 0 END AS months,
           coalesce(r.revenue_total, 0) AS revenue_total,
           coalesce(r.revenue_365, 0) AS revenue_365
      FROM ledger_visit l
     CROSS JOIN as_of a
      LEFT JOIN session_visits v ON v.customer_id = l.customer_id
      LEFT JOIN revenue r ON r.customer_id = l.customer_id
), derived AS (
    SELECT f.*,
           f.as_of - f.last_visit AS days_since_visit,
           CASE WHEN f.visits >= 2 THEN round((f.last_visit - f.first_visit)::numeric / (f.visits - 1))::integer END AS average_interval,
           bit_count(f.months::bit(12))::integer AS active_months,
           -- the last 12 months, or since the month of the first visit if that is later
           f.as_of_month - greatest(etl.month_number(f.first_visit), f.as_of_month - 11) + 1 AS window_months
      FROM facts f
)
SELECT d.customer_id, d.as_of, d.last_visit, d.visits, d.revenue_total, d.revenue_365, d.average_interval,
       d.active_months, d.window_months,
       s.customer_status, s.membership_level, s.churn_risk, s.churn_probability,
       (d.stored_last_visit, d.stored_visits, d.stored_interval, d.stored_revenue, d.stored_status,
        d.stored_membership, d.stored_risk)
       IS DISTINCT FROM
       (d.last_visit, d.visits, d.average_interval, d.revenue_total, s.customer_status, s.membership_level,
        s.churn_risk) AS changed
  FROM derived d
 CROSS JOIN LATERAL (
       SELECT etl.customer_status(d.days_since_visit) AS customer_status,
              etl.membership_level(d.revenue_365, d.visits_365) AS membership_level,
              etl.churn_risk(d.days_since_visit) AS churn_risk,
              etl.churn_probability(d.days_since_visit) AS churn_probability
 ) s;
ANALYZE customer_stats;

-- Only the customers whose statistics change are written; a new customer already has their no-visit
-- statistics from the customers merge, so at a large first load these are only those with sessions or
-- payments.
SELECT etl.bulk_begin('customers', (SELECT count(*) FROM customer_stats WHERE changed));

UPDATE customers c
   SET last_visit_date = s.last_visit, total_visits = s.visits, average_visit_interval = s.average_interval,
       total_revenue = s.revenue_total, customer_status = s.customer_status,
       membership_level = s.membership_level, risk_level = s.churn_risk
  FROM customer_stats s
 WHERE s.changed AND s.customer_id = c.customer_id;

SELECT etl.bulk_end('customers');

SELECT count(*)::integer AS customers,
       (count(*) FILTER (WHERE changed))::integer AS updated,
       (count(*) FILTER (WHERE visits = 0))::integer AS never_visited
  FROM customer_stats;
