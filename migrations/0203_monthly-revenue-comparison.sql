-- Every month with a summary figure or payments, side by side: the summary's figure, the sum of the
-- month's payments (refunds included, linked to a customer or not) and the difference. Differences are
-- reported, never papered over.

-- Up Migration
CREATE VIEW monthly_revenue_comparison AS
WITH paid AS (
    SELECT extract(year FROM payment_date)::integer AS year,
           extract(month FROM payment_date)::integer AS month,
           sum(amount)::bigint AS payments_amount,
           count(*)::integer AS payment_count
      FROM payments
     GROUP BY 1, 2
)
SELECT coalesce(r.year, p.year) AS year,
       coalesce(r.month, p.month) AS month,
       r.summary_amount,
       p.payments_amount,
       coalesce(p.payment_count, 0) AS payment_count,
       r.summary_amount - p.payments_amount AS difference
  FROM monthly_revenue r
  FULL JOIN paid p ON p.year = r.year AND p.month = r.month;

-- Down Migration
DROP VIEW IF EXISTS monthly_revenue_comparison;
