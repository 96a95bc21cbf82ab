-- etl.bulk_begin's threshold (10,000 incoming rows, migration 0501) becomes a setting, etl.bulk_min_rows:
-- a center whose database has readers during a load can turn the bulk path off —
-- `ALTER DATABASE aibio SET etl.bulk_min_rows = 1000000000` — so no load drops an index they need, and the
-- tests load the same ledgers both ways to show the two paths give the same tables.

-- Up Migration
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
    -- 10,000 unless the database or the session says otherwise (SET etl.bulk_min_rows = ...)
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

-- Down Migration
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
    IF incoming < 10000 THEN
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
