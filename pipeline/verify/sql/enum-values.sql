-- Values of {{table}}.{{column}} outside the accepted set $1 (NULL means "not set" and passes).
SELECT count(*) OVER ()::int AS distinct_values, sum(rows) OVER ()::int AS total, value, rows
  FROM (SELECT t.{{column}}::text AS value, count(*)::int AS rows
          FROM {{table}} t
         WHERE t.{{column}} IS NOT NULL AND NOT (t.{{column}}::text = ANY($1::text[]))
         GROUP BY 1) v
 ORDER BY rows DESC, value
 LIMIT 5;
