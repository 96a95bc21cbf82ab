-- The bulk path (0501/0502: drop a table's secondary indexes and foreign keys, build them again at the
-- end, truncate an empty table so it is written without WAL) takes locks that stop every other session
-- until the run commits. On the center's live database that would stop the app, so it now runs:
-- - only on a table that holds nothing the app wrote: never on a table that was the app's before the
--   migration (etl.adopted_tables), never on a customers table holding rows that are not the ledger's;
-- - on an empty table, or on a filled one only when the run asks (`--bulk`, etl.bulk_filled = on) and the
--   incoming rows are at least half of it;
-- - and it drops a foreign key only when the table it points at qualifies too (adding it back locks that
--   table), and truncates only when every table pointing at the target is this tool's and empty.
-- On an empty table the undo log (0508) need not follow the rows one statement at a time: every row in it
-- when bulk_end runs is the run's own (the table was empty and the run held it), so the insert trigger is
-- set aside meanwhile — its transition table costs as much as the insert — and bulk_end logs the keys once.

-- Up Migration
CREATE FUNCTION etl.holds_only_tool_rows(target regclass) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    app_rows boolean := false;
BEGIN
    IF EXISTS (SELECT 1 FROM etl.adopted_tables a WHERE to_regclass(a.table_name) = target) THEN
        RETURN false;
    END IF;
    IF target = 'customers'::regclass THEN
        SELECT EXISTS (SELECT 1 FROM customers WHERE ledger_number IS NULL) INTO app_rows;
    END IF;
    RETURN NOT app_rows;
END;
$$;

-- A table this tool created and logs changes of (0508's triggers), as opposed to one of the app's.
CREATE FUNCTION etl.is_tool_table(target regclass) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = target AND t.tgname = 'etl_undo_insert')
       AND NOT EXISTS (SELECT 1 FROM etl.adopted_tables a WHERE to_regclass(a.table_name) = target)
$$;

CREATE OR REPLACE FUNCTION etl.bulk_begin(target regclass, incoming bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item RECORD;
    existing bigint;
    filled boolean;
    dropped integer := 0;
    referencing text[];
    truncatable boolean := true;
    empty boolean;
BEGIN
    -- 10,000 unless the database or the session says otherwise (SET etl.bulk_min_rows = ...)
    IF incoming < coalesce(nullif(current_setting('etl.bulk_min_rows', true), '')::bigint, 10000)
       OR NOT etl.holds_only_tool_rows(target) THEN
        RETURN 0;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', target) INTO filled;
    IF filled THEN
        IF coalesce(current_setting('etl.bulk_filled', true), '') <> 'on' THEN
            RETURN 0;
        END IF;
        EXECUTE format('SELECT count(*) FROM %s', target) INTO existing;
        IF incoming * 2 < existing THEN
            RETURN 0;
        END IF;
    ELSE
        SELECT coalesce(array_agg(DISTINCT c.conrelid::regclass::text), '{}') INTO referencing
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.confrelid = target AND c.conrelid <> target;
        FOR item IN SELECT unnest(referencing) AS name LOOP
            EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %s)', item.name) INTO empty;
            truncatable := truncatable AND empty AND etl.is_tool_table(item.name::regclass);
        END LOOP;
        IF truncatable AND etl.is_tool_table(target) THEN
            EXECUTE format('TRUNCATE %s', array_to_string(array_prepend(target::text, referencing), ', '));
        END IF;
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS bulk_saved (target regclass, kind text, name text, definition text) ON COMMIT DROP;
    IF NOT filled AND etl.is_tool_table(target) AND coalesce(current_setting('etl.undo_run', true), '') <> '' THEN
        -- takes SHARE ROW EXCLUSIVE: nobody else writes the table until the run ends
        EXECUTE format('ALTER TABLE %s DISABLE TRIGGER etl_undo_insert', target);
        INSERT INTO bulk_saved VALUES (target, 'undo', 'etl_undo_insert', (SELECT coalesce(max(entry_id), 0) FROM etl.undo_log)::text);
    END IF;
    FOR item IN
        SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
          FROM pg_index i
         WHERE i.indrelid = target AND NOT i.indisunique AND NOT i.indisprimary
    LOOP
        INSERT INTO bulk_saved VALUES (target, 'index', item.name, item.definition);
        EXECUTE format('DROP INDEX %s', item.name);
        dropped := dropped + 1;
    END LOOP;
    FOR item IN
        SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition
          FROM pg_constraint c
         WHERE c.conrelid = target AND c.contype = 'f' AND etl.holds_only_tool_rows(c.confrelid)
    LOOP
        INSERT INTO bulk_saved VALUES (target, 'foreign key', item.name, item.definition);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', target, item.name);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END;
$$;

CREATE OR REPLACE FUNCTION etl.bulk_end(target regclass) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item RECORD;
    restored integer := 0;
    key_column text;
    run text := nullif(current_setting('etl.undo_run', true), '');
    name text := (SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = target);
BEGIN
    IF to_regclass('pg_temp.bulk_saved') IS NULL THEN
        RETURN 0;
    END IF;
    FOR item IN SELECT * FROM pg_temp.bulk_saved s WHERE s.target = bulk_end.target ORDER BY s.kind DESC LOOP
        IF item.kind = 'undo' THEN
            EXECUTE format('ALTER TABLE %s ENABLE TRIGGER etl_undo_insert', target);
            -- every row now in the table is the run's: what the run logged of them since bulk_begin goes,
            -- and their keys are logged once (bulk tables have one integer key column)
            DELETE FROM etl.undo_log l WHERE l.run_id = run AND l.table_name = name AND l.entry_id > item.definition::bigint;
            SELECT a.attname INTO key_column
              FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
             WHERE i.indrelid = target AND i.indisprimary;
            EXECUTE format('INSERT INTO etl.undo_log (run_id, table_name, op, keys)
                            SELECT $1, $2, ''I'', jsonb_agg(t.%1$I) FROM %2$s t GROUP BY t.%1$I / 100000', key_column, target)
            USING run, name;
        ELSIF item.kind = 'index' THEN
            EXECUTE item.definition;
        ELSE
            EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', target, item.name, item.definition);
        END IF;
        restored := restored + 1;
    END LOOP;
    DELETE FROM pg_temp.bulk_saved s WHERE s.target = bulk_end.target;
    RETURN restored;
END;
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION etl.bulk_end(target regclass) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item RECORD;
    restored integer := 0;
BEGIN
    IF to_regclass('pg_temp.bulk_saved') IS NULL THEN
        RETURN 0;
    END IF;
    FOR item IN SELECT * FROM pg_temp.bulk_saved s WHERE s.target = bulk_end.target ORDER BY s.kind DESC LOOP
        IF item.kind = 'index' THEN
            EXECUTE item.definition;
        ELSE
            EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', target, item.name, item.definition);
        END IF;
        restored := restored + 1;
    END LOOP;
    DELETE FROM pg_temp.bulk_saved s WHERE s.target = bulk_end.target;
    RETURN restored;
END;
$$;
DROP FUNCTION etl.is_tool_table(regclass);
CREATE OR REPLACE FUNCTION etl.bulk_begin(target regclass, incoming bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item RECORD;
    existing bigint;
    dropped integer := 0;
    referencing text[];
    others_empty boolean := true;
    empty boolean;
BEGIN
    IF incoming < coalesce(nullif(current_setting('etl.bulk_min_rows', true), '')::bigint, 10000) THEN
        RETURN 0;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s', target) INTO existing;
    IF incoming * 2 < existing THEN
        RETURN 0;
    END IF;
    IF existing = 0 THEN
        SELECT coalesce(array_agg(DISTINCT c.conrelid::regclass::text), '{}') INTO referencing
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.confrelid = target AND c.conrelid <> target;
        FOR item IN SELECT unnest(referencing) AS name LOOP
            EXECUTE format('SELECT NOT EXISTS (SELECT 1 FROM %s)', item.name) INTO empty;
            others_empty := others_empty AND empty;
        END LOOP;
        IF others_empty THEN
            EXECUTE format('TRUNCATE %s', array_to_string(array_prepend(target::text, referencing), ', '));
        END IF;
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS bulk_saved (target regclass, kind text, name text, definition text) ON COMMIT DROP;
    FOR item IN
        SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
          FROM pg_index i
         WHERE i.indrelid = target AND NOT i.indisunique AND NOT i.indisprimary
    LOOP
        INSERT INTO bulk_saved VALUES (target, 'index', item.name, item.definition);
        EXECUTE format('DROP INDEX %s', item.name);
        dropped := dropped + 1;
    END LOOP;
    FOR item IN
        SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition
          FROM pg_constraint c
         WHERE c.conrelid = target AND c.contype = 'f'
    LOOP
        INSERT INTO bulk_saved VALUES (target, 'foreign key', item.name, item.definition);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', target, item.name);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END;
$$;
DROP FUNCTION etl.holds_only_tool_rows(regclass);
