-- Customer statistics (plan 3.2 "통계 업데이트"), recomputed for every customer as of the date in
-- current_setting('etl.as_of') — the run's date in Asia/Seoul — from service_sessions and payments.
-- The rules and why are in docs/analytics.md. In short:
-- - A visit day is a day with at least one session that was not a no-show (`레드 5/10 노쇼`), or the
--   customer's 첫방문일 from the master ledger. Events after the as-of date do not count yet.
-- - total_revenue is every linked payment up to the as-of date, refunds (-550,000) included.
-- - customer_status (≤30 active, 31–90 inactive, >90 or never dormant), risk_level (<30 low, <60 medium,
--   <90 high, else critical) by days since the last visit; membership_level by the 365 days ending on the
--   as-of date, first match wins (SOURCES.md §6; visit bands read as lower bounds, see the docs).
-- Customers are updated only where a value changed (updated_at is left alone: it tracks ledger edits).
-- Leaves customer_visit_days and customer_stats for customer-analytics.sql; the last SELECT is the counters.

DROP TABLE IF EXISTS pg_temp.customer_visit_days, pg_temp.customer_stats;

CREATE TEMP TABLE customer_visit_days ON COMMIT DROP AS
SELECT customer_id, session_date AS visit_date
  FROM service_sessions
 WHERE customer_id IS NOT NULL
   AND NOT is_no_show
   AND session_date <= current_setting('etl.as_of')::date
UNION
SELECT customer_id, first_visit_date
  FROM customers
 WHERE first_visit_date <= current_setting('etl.as_of')::date;
ANALYZE customer_visit_days;

CREATE TEMP TABLE customer_stats ON COMMIT DROP AS
WITH as_of AS (
    SELECT current_setting('etl.as_of')::date AS as_of
), visits AS (
    SELECT d.customer_id, min(d.visit_date) AS first_visit, max(d.visit_date) AS last_visit,
           count(*)::integer AS visits,
           count(*) FILTER (WHERE d.visit_date > a.as_of - 365)::integer AS visits_365
      FROM customer_visit_days d CROSS JOIN as_of a
     GROUP BY d.customer_id
), revenue AS (
    SELECT p.customer_id, sum(p.amount)::numeric AS revenue_total,
           coalesce(sum(p.amount) FILTER (WHERE p.payment_date > a.as_of - 365), 0)::numeric AS revenue_365
      FROM payments p CROSS JOIN as_of a
     WHERE p.customer_id IS NOT NULL AND p.payment_date <= a.as_of
     GROUP BY p.customer_id
), facts AS (
    SELECT c.customer_id, a.as_of, v.first_visit, v.last_visit,
           coalesce(v.visits, 0) AS visits,
           coalesce(v.visits_365, 0) AS visits_365,
           coalesce(r.revenue_total, 0) AS revenue_total,
           coalesce(r.revenue_365, 0) AS revenue_365,
           a.as_of - v.last_visit AS days_since_visit,
           CASE WHEN v.visits >= 2 THEN round((v.last_visit - v.first_visit)::numeric / (v.visits - 1))::integer END AS average_interval
      FROM customers c
     CROSS JOIN as_of a
      LEFT JOIN visits v ON v.customer_id = c.customer_id
      LEFT JOIN revenue r ON r.customer_id = c.customer_id
)
SELECT f.*,
       etl.customer_status(f.days_since_visit) AS customer_status,
       etl.membership_level(f.revenue_365, f.visits_365) AS membership_level,
       etl.churn_risk(f.days_since_visit) AS churn_risk,
       etl.churn_probability(f.days_since_visit) AS churn_probability
  FROM facts f;
ANALYZE customer_stats;

-- The customers whose statistics change; a new customer already has their no-visit statistics from the
-- customers merge, so at a large first load this is only those with sessions or payments.
DROP TABLE IF EXISTS pg_temp.customer_stats_changed;
CREATE TEMP TABLE customer_stats_changed ON COMMIT DROP AS
SELECT s.*
  FROM customer_stats s
  JOIN customers c ON c.customer_id = s.customer_id
 WHERE (c.last_visit_date, c.total_visits, c.average_visit_interval, c.total_revenue, c.customer_status,
        c.membership_level, c.risk_level)
       IS DISTINCT FROM
       (s.last_visit, s.visits, s.average_interval, s.revenue_total, s.customer_status, s.membership_level,
        s.churn_risk);

SELECT etl.bulk_begin('customers', (SELECT count(*) FROM customer_stats_changed));

UPDATE customers c
   SET last_visit_date = s.last_visit, total_visits = s.visits, average_visit_interval = s.average_interval,
       total_revenue = s.revenue_total, customer_status = s.customer_status,
       membership_level = s.membership_level, risk_level = s.churn_risk
  FROM customer_stats_changed s
 WHERE s.customer_id = c.customer_id;

SELECT etl.bulk_end('customers');

SELECT (SELECT count(*) FROM customer_stats)::integer AS customers,
       (SELECT count(*) FROM customer_stats_changed)::integer AS updated,
       (SELECT count(*) FROM customer_stats WHERE visits = 0)::integer AS never_visited;
