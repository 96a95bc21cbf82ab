-- customer_analytics (plan 4.2 "통계 데이터 생성"): one row per customer for the as-of date, from the
-- customer_stats that customer-statistics.sql left in this transaction (visit months included). Formulas
-- (docs/analytics.md, tested on hand-made histories in test/pipeline/statistics/):
-- - visit_frequency: none (no visit), one-time, else by the average interval: ≤10 days weekly, ≤20 bi-weekly,
--   ≤45 monthly, longer occasional.
-- - consistency_score: share of calendar months with a visit, over the last 12 months or since the first
--   visit if later (came in 9 of 12 months → 75).
-- - most_used_service: most sessions (no-shows and the unexplained `AD` code left out); ties go to the
--   service used last, then by name.
-- - ltv_estimate: net revenue so far + the last 365 days' revenue × (1 − churn probability), in whole won.
-- - churn_risk / churn_probability: SOURCES.md §6 (<30 days low 10, <60 medium 30, <90 high 60, else 85).
-- - retention_score: the mean of (100 − churn probability) and consistency_score.
-- The first run of a day inserts the day's rows plainly. Rerunning on the same day replaces them: upsert
-- by (customer_id, analysis_date), a row rewritten only when a value changed; that day's rows of
-- customers no longer there (every one, or those in statistics_scope: statistics_reach) are deleted.

DROP VIEW IF EXISTS pg_temp.customer_analytics_rows;
DROP TABLE IF EXISTS pg_temp.customer_analytics_counts, pg_temp.customer_analytics_day;

-- Whether this day has rows already (a rerun, or a load after the daily job).
CREATE TEMP TABLE customer_analytics_day ON COMMIT DROP AS
SELECT EXISTS (SELECT 1 FROM customer_analytics WHERE analysis_date = current_setting('etl.as_of')::date) AS written;

-- The bulk path (an empty table: a first load) takes the unique key down too: only the plain insert below
-- runs while it is gone; the upsert, which names it, runs only on a day already written.
SELECT etl.bulk_begin('customer_analytics', (SELECT count(*) FROM customer_stats), unique_too => NOT (SELECT written FROM customer_analytics_day));

-- The day's rows, one per customer, in customer_analytics' column order. A view read straight from
-- customer_stats by the insert below: no million-row table in between.
CREATE TEMP VIEW customer_analytics_rows AS
WITH service_use AS (
    SELECT ss.customer_id, ss.service, count(*) AS sessions, max(ss.session_date) AS last_used
      FROM statistics_sessions ss
     WHERE ss.customer_id IS NOT NULL
       AND NOT ss.is_no_show
       AND ss.service <> 'unknown'
       AND ss.session_date <= current_setting('etl.as_of')::date
     GROUP BY ss.customer_id, ss.service
), favourite AS (
    SELECT DISTINCT ON (customer_id) customer_id, service
      FROM service_use
     ORDER BY customer_id, sessions DESC, last_used DESC, service COLLATE "C"
), scored AS (
    SELECT s.customer_id, s.as_of, s.visits, s.average_interval, s.revenue_total, s.revenue_365,
           s.churn_risk, s.churn_probability, f.service AS most_used_service,
           coalesce(round(100.0 * s.active_months / s.window_months)::integer, 0) AS consistency_score
      FROM customer_stats s
      LEFT JOIN favourite f ON f.customer_id = s.customer_id
)
SELECT customer_id,
       as_of AS analysis_date,
       CASE WHEN visits = 0 THEN 'none'
            WHEN visits = 1 THEN 'one-time'
            WHEN average_interval <= 10 THEN 'weekly'
            WHEN average_interval <= 20 THEN 'bi-weekly'
            WHEN average_interval <= 45 THEN 'monthly'
            ELSE 'occasional' END AS visit_frequency,
       consistency_score,
       most_used_service,
       greatest(0, round(revenue_total + greatest(revenue_365, 0) * (100 - churn_probability) / 100.0)) AS ltv_estimate,
       churn_risk,
       churn_probability,
       round((100 - churn_probability + consistency_score) / 2.0)::integer AS retention_score
  FROM scored;

CREATE TEMP TABLE customer_analytics_counts (rows integer, inserted integer, updated integer, unchanged integer, removed integer) ON COMMIT DROP;

DO $$
DECLARE
    total integer;
    inserted integer := 0;
    updated integer := 0;
    removed integer;
BEGIN
    SELECT count(*) INTO total FROM customer_stats;
    IF NOT (SELECT written FROM customer_analytics_day) THEN
        -- The day's first run: a plain insert (an upsert checks each row against the unique key first: a
        -- third slower on a million customers).
        INSERT INTO customer_analytics (
            customer_id, analysis_date, visit_frequency, consistency_score, most_used_service, ltv_estimate,
            churn_risk, churn_probability, retention_score)
        SELECT v.* FROM customer_analytics_rows v;
        GET DIAGNOSTICS inserted = ROW_COUNT;
    ELSE
        WITH upserted AS (
            INSERT INTO customer_analytics AS t (
                customer_id, analysis_date, visit_frequency, consistency_score, most_used_service, ltv_estimate,
                churn_risk, churn_probability, retention_score)
            SELECT v.* FROM customer_analytics_rows v
            ON CONFLICT (customer_id, analysis_date) DO UPDATE SET
                visit_frequency = EXCLUDED.visit_frequency, consistency_score = EXCLUDED.consistency_score,
                most_used_service = EXCLUDED.most_used_service, ltv_estimate = EXCLUDED.ltv_estimate,
                churn_risk = EXCLUDED.churn_risk, churn_probability = EXCLUDED.churn_probability,
                retention_score = EXCLUDED.retention_score, created_at = CURRENT_TIMESTAMP
            WHERE (t.visit_frequency, t.consistency_score, t.most_used_service, t.ltv_estimate, t.churn_risk,
                   t.churn_probability, t.retention_score)
                  IS DISTINCT FROM
                  (EXCLUDED.visit_frequency, EXCLUDED.consistency_score, EXCLUDED.most_used_service,
                   EXCLUDED.ltv_estimate, EXCLUDED.churn_risk, EXCLUDED.churn_probability, EXCLUDED.retention_score)
            RETURNING (xmax = 0) AS fresh
        )
        SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) INTO inserted, updated FROM upserted;
    END IF;
    WITH gone AS (
        DELETE FROM customer_analytics t
         WHERE t.analysis_date = current_setting('etl.as_of')::date
           AND ((SELECT everyone FROM statistics_reach) OR t.customer_id IN (SELECT customer_id FROM pg_temp.statistics_scope))
           AND NOT EXISTS (SELECT 1 FROM customer_stats s WHERE s.customer_id = t.customer_id)
        RETURNING 1
    )
    SELECT count(*) INTO removed FROM gone;
    INSERT INTO customer_analytics_counts VALUES (total, inserted, updated, total - inserted - updated, removed);
END $$;

SELECT etl.bulk_end('customer_analytics');

DROP VIEW customer_analytics_rows;

SELECT * FROM customer_analytics_counts;
