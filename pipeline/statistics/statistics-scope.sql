-- The customers whose statistics a load must recompute: those whose rows it touched, read from its own
-- undo log (etl.undo_log, the run's etl.undo_run): customers it inserted, updated or deleted, and the
-- customers of the sessions and payments it inserted, changed (before and after: a relinked session
-- counts for both) or deleted. Linked names merged or moved by a decision or an absorb show up the same
-- way. Leaves statistics_scope (one row per customer) for the views refresh-statistics.ts defines;
-- the last SELECT says how many keys the log named, for choosing a full recompute when that is cheaper.

DROP TABLE IF EXISTS pg_temp.statistics_scope;

CREATE TEMP TABLE statistics_scope ON COMMIT DROP AS
WITH log AS (
    SELECT l.table_name, l.op, l.ids, l.image
      FROM etl.undo_log l
     WHERE l.run_id = current_setting('etl.undo_run', true)
       AND l.table_name IN ('public.customers', 'public.service_sessions', 'public.payments')
), inserted AS (
    SELECT l.table_name, g AS id
      FROM log l CROSS JOIN LATERAL unnest(l.ids) AS r CROSS JOIN LATERAL generate_series(lower(r), upper(r) - 1) AS g
     WHERE l.op = 'I'
), touched AS (
    SELECT i.id AS customer_id FROM inserted i WHERE i.table_name = 'public.customers'
    UNION ALL
    SELECT s.customer_id FROM inserted i JOIN service_sessions s ON s.session_id = i.id WHERE i.table_name = 'public.service_sessions'
    UNION ALL
    SELECT p.customer_id FROM inserted i JOIN payments p ON p.payment_id = i.id WHERE i.table_name = 'public.payments'
    UNION ALL
    -- what a row linked to before the run changed or deleted it
    SELECT (l.image ->> 'customer_id')::bigint FROM log l WHERE l.op IN ('U', 'D')
    UNION ALL
    -- and what it links to now
    SELECT s.customer_id FROM log l JOIN service_sessions s ON s.session_id = (l.image ->> 'session_id')::bigint
     WHERE l.table_name = 'public.service_sessions' AND l.op = 'U'
    UNION ALL
    SELECT p.customer_id FROM log l JOIN payments p ON p.payment_id = (l.image ->> 'payment_id')::bigint
     WHERE l.table_name = 'public.payments' AND l.op = 'U'
)
SELECT DISTINCT customer_id::integer AS customer_id FROM touched WHERE customer_id IS NOT NULL;
ANALYZE statistics_scope;

SELECT (SELECT count(*) FROM statistics_scope)::integer AS customers;
