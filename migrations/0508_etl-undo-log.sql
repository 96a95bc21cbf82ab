-- Undo without copying the database: what each run changes, kept as it changes it. While a run holds
-- etl.undo_run (set for its transaction only, so the app's own writes are never logged), statement
-- triggers on every table a run writes record, per statement, the keys of the rows it inserted (up to
-- 100,000 per entry) and the rows it updated or deleted as they were before. `npm run restore -- <runId>`
-- replays that log backwards (pipeline/backup/restore-run.ts); a run that changes nothing stores nothing.
-- etl.undo_runs names the runs that can be undone, the schema (last migration) their log was taken in, and
-- their transaction id: a row whose xmin is no longer the run's was changed since by someone else (the
-- app), and restore leaves it as the app has it. Runs write in their top-level transaction only.

-- Up Migration
CREATE TABLE etl.undo_runs (
    run_id TEXT PRIMARY KEY,
    schema_version TEXT NOT NULL,
    xid BIGINT NOT NULL DEFAULT txid_current(),
    started_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE etl.undo_log (
    entry_id BIGSERIAL PRIMARY KEY,
    run_id TEXT NOT NULL,
    table_name TEXT NOT NULL,
    op CHAR(1) NOT NULL CHECK (op IN ('I', 'U', 'D')),
    -- I: the inserted rows' primary keys: [5, 6, 9] for a one-column key, [[2025, 1], [2025, 2]] for several
    keys JSONB,
    -- U, D: the row as it was before the statement
    image JSONB,
    CHECK ((op = 'I') = (keys IS NOT NULL) AND (op = 'I') = (image IS NULL))
);
CREATE INDEX undo_log_run_idx ON etl.undo_log (run_id, table_name);

CREATE FUNCTION etl.record_undo() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    run text := nullif(current_setting('etl.undo_run', true), '');
    target text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
BEGIN
    IF run IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- TG_ARGV: the primary key's columns. One integer column (every table here but monthly_revenue): the
        -- keys themselves, in entries of up to 100,000 (a million inserted customers: 10 entries).
        IF TG_NARGS = 1 THEN
            EXECUTE format('INSERT INTO etl.undo_log (run_id, table_name, op, keys)
                            SELECT $1, $2, ''I'', jsonb_agg(n.%1$I) FROM new_rows n GROUP BY n.%1$I / 100000', TG_ARGV[0])
            USING run, target;
        ELSE
            EXECUTE format('INSERT INTO etl.undo_log (run_id, table_name, op, keys)
                            SELECT $1, $2, ''I'', jsonb_agg(jsonb_build_array(%s)) FROM new_rows n HAVING count(*) > 0',
                           (SELECT string_agg(format('n.%I', k), ', ') FROM unnest(TG_ARGV) AS k))
            USING run, target;
        END IF;
    ELSE
        INSERT INTO etl.undo_log (run_id, table_name, op, image)
        SELECT run, target, left(TG_OP, 1), to_jsonb(o) FROM old_rows o;
    END IF;
    RETURN NULL;
END;
$$;

-- Puts the three triggers on a table, keyed by its primary key (one integer column, or several of any type).
CREATE FUNCTION etl.capture_changes(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    key_columns text;
    single_type text;
BEGIN
    SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY k.ord),
           CASE WHEN count(*) = 1 THEN min(format_type(a.atttypid, NULL)) END
      INTO key_columns, single_type
      FROM pg_index i
     CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = target AND i.indisprimary;
    IF key_columns IS NULL THEN
        RAISE EXCEPTION '% has no primary key: its changes could not be undone', target;
    END IF;
    IF single_type IS NOT NULL AND single_type NOT IN ('integer', 'bigint', 'smallint') THEN
        RAISE EXCEPTION '% has a one-column primary key of type %: the undo log keeps one-column keys as integers', target, single_type;
    END IF;
    EXECUTE format('CREATE TRIGGER etl_undo_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION etl.record_undo(%s)', target, key_columns);
    EXECUTE format('CREATE TRIGGER etl_undo_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION etl.record_undo()', target);
    EXECUTE format('CREATE TRIGGER etl_undo_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION etl.record_undo()', target);
END;
$$;

SELECT etl.capture_changes(t::regclass)
  FROM unnest(ARRAY['customers', 'customer_preferences', 'customer_analytics', 'marketing_leads', 'kit_receipts',
                    'service_sessions', 'payments', 'monthly_revenue', 'etl.match_review']) AS t;

-- Down Migration
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customers', 'customer_preferences', 'customer_analytics', 'marketing_leads', 'kit_receipts',
                             'service_sessions', 'payments', 'monthly_revenue', 'etl.match_review'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS etl_undo_insert ON %s', t);
        EXECUTE format('DROP TRIGGER IF EXISTS etl_undo_update ON %s', t);
        EXECUTE format('DROP TRIGGER IF EXISTS etl_undo_delete ON %s', t);
    END LOOP;
END $$;
DROP FUNCTION etl.capture_changes(regclass);
DROP FUNCTION etl.record_undo();
DROP TABLE etl.undo_log;
DROP TABLE etl.undo_runs;
