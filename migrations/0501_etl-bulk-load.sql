-- Writing a large share of a table with its indexes and foreign keys checked once, not row by row:
-- etl.bulk_begin(table, incoming) — when `incoming` rows are at least 10,000 and at least half the table —
-- drops the table's non-unique indexes and its foreign keys, remembering their definitions;
-- etl.bulk_end(table) builds the indexes again and adds the foreign keys back, which checks every row in
-- one pass. Both run inside the load's transaction: a failure anywhere rolls all of it back. The primary
-- key and unique indexes stay (ON CONFLICT needs them). While it lasts, other sessions cannot read the
-- table either; runs are rare and short at the center's size, where it never triggers.
-- An empty table (a first load) is also truncated, with the empty tables that point at it: no data
-- changes, but the table gets new storage, which a server with wal_level=minimal (the embedded one)
-- then writes without WAL, syncing it to disk at commit instead.

-- Up Migration
CREATE FUNCTION etl.bulk_begin(target regclass, incoming bigint) RETURNS integer
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

CREATE FUNCTION etl.bulk_end(target regclass) RETURNS integer
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

-- Down Migration
DROP FUNCTION etl.bulk_end(regclass);
DROP FUNCTION etl.bulk_begin(regclass, bigint);
