-- Values of {{table}}.{{column}} outside [$1, $2] (a NULL bound is open; a NULL value means "not set" and
-- passes). The first five offenders by key, and how many there are in all.
SELECT count(*) OVER ()::int AS total, t.{{key}}::text AS id, t.{{column}}::text AS value
  FROM {{table}} t
 WHERE t.{{column}} < $1 OR t.{{column}} > $2
 ORDER BY t.{{key}}
 LIMIT 5;
