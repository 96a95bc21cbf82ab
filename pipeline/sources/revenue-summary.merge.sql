-- The revenue summary merge: staging.monthly_revenue → monthly_revenue, by (year, month). A month of a
-- loaded year whose figure is gone from the sheet is deleted. Counters are per staged row (one row of
-- figures is one year's block): inserted when all its months are new, updated when any month changed or
-- went away, unchanged otherwise.

DROP TABLE IF EXISTS pg_temp.revenue_upserted, pg_temp.revenue_deleted;

CREATE TEMP TABLE revenue_deleted ON COMMIT DROP AS
WITH deleted AS (
    DELETE FROM monthly_revenue t
     WHERE t.year IN (SELECT DISTINCT year FROM staging.monthly_revenue)
       AND NOT EXISTS (SELECT 1 FROM staging.monthly_revenue s WHERE s.year = t.year AND s.month = t.month)
    RETURNING t.year
)
SELECT * FROM deleted;

CREATE TEMP TABLE revenue_upserted ON COMMIT DROP AS
WITH upserted AS (
    INSERT INTO monthly_revenue AS t (year, month, summary_amount, source_file, source_line)
    SELECT year, month, amount, source_file, line FROM staging.monthly_revenue
    ON CONFLICT (year, month) DO UPDATE SET
        summary_amount = EXCLUDED.summary_amount, source_file = EXCLUDED.source_file,
        source_line = EXCLUDED.source_line, updated_at = CURRENT_TIMESTAMP
    WHERE (t.summary_amount, t.source_file, t.source_line)
          IS DISTINCT FROM (EXCLUDED.summary_amount, EXCLUDED.source_file, EXCLUDED.source_line)
    RETURNING t.year, t.month, (xmax = 0) AS inserted
)
SELECT * FROM upserted;

WITH per_row AS (
    SELECT s.source_file, s.line, s.year, count(*) AS months,
           count(u.*) FILTER (WHERE u.inserted) AS inserted,
           count(u.*) FILTER (WHERE NOT u.inserted) AS updated,
           EXISTS (SELECT 1 FROM revenue_deleted d WHERE d.year = s.year) AS lost_months
      FROM staging.monthly_revenue s
      LEFT JOIN revenue_upserted u ON u.year = s.year AND u.month = s.month
     GROUP BY s.source_file, s.line, s.year
), outcome AS (
    SELECT CASE WHEN inserted = months AND NOT lost_months THEN 'inserted'
                WHEN inserted + updated > 0 OR lost_months THEN 'updated'
                ELSE 'unchanged' END AS outcome
      FROM per_row
)
SELECT count(*) FILTER (WHERE outcome = 'inserted')::integer AS inserted,
       count(*) FILTER (WHERE outcome = 'updated')::integer AS updated,
       count(*) FILTER (WHERE outcome = 'unchanged')::integer AS unchanged,
       (SELECT count(*) FROM staging.monthly_revenue)::integer AS months,
       (SELECT count(*) FROM revenue_deleted)::integer AS months_deleted
  FROM outcome;
