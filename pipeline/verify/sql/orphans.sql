-- Rows whose customer column names no customer ({{table}}.{{column}} → customers.customer_id).
-- The first five offenders by key, and how many there are in all.
SELECT count(*) OVER ()::int AS total, t.{{key}}::text AS id, t.{{column}}::text AS ref
  FROM {{table}} t
 WHERE t.{{column}} IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = t.{{column}})
 ORDER BY t.{{key}}
 LIMIT 5;
