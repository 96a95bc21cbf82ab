-- The bulk path (0501/0502: drop a table's secondary indexes and foreign keys, build them again at the
-- end, truncate an empty table so it is written without WAL) takes locks that stop every other session
-- until the run commits. On the center's live database that would stop the app, so it now runs:
-- - only on a table that holds nothing the app wrote: never on a table that was the app's before the
--   migration (etl.adopted_tables), never on a customers table holding rows that are not the ledger's;
-- - on an empty table, or on a filled one only when the run asks (`--bulk`, etl.bulk_filled = on) and the
--   incoming rows are at least half of it;
-- - and it drops a foreign key only when the table it points at qualifies too (adding it back locks that
--   table), and truncates only when every table pointing at the target is this tool's and empty.

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

-- Down Migration
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
