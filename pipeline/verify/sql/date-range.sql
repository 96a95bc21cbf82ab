-- Dates of {{table}}.{{column}} after today ($1, Asia/Seoul) — unless {{future_allowed}} (a booking) —
-- or before the center opened ($2), with up to three offenders each as `key=date`.
SELECT count(*) FILTER (WHERE t.{{column}} > $1::date AND NOT ({{future_allowed}}))::int AS future,
       count(*) FILTER (WHERE t.{{column}} < $2::date)::int AS early,
       (array_agg(t.{{key}}::text || '=' || t.{{column}}::text ORDER BY t.{{column}} DESC) FILTER (WHERE t.{{column}} > $1::date AND NOT ({{future_allowed}})))[1:3] AS future_examples,
       (array_agg(t.{{key}}::text || '=' || t.{{column}}::text ORDER BY t.{{column}}) FILTER (WHERE t.{{column}} < $2::date))[1:3] AS early_examples,
       min(t.{{column}})::text AS earliest,
       max(t.{{column}})::text AS latest
  FROM {{table}} t;
