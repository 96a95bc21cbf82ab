-- The center's customers table as it exists before the migration (plan, "데이터베이스 현재 구조").
-- On the center's own database it is already there, filled by the app and pointed at by the app's
-- tables: it is adopted, never re-created. What it looked like is kept in etl.adopted_tables (its
-- columns, constraints and indexes), so every later migration's down can tell what it added from what
-- was the app's, and `migrate down --all` ends with the app's table exactly as it was. On an empty
-- database the plan's table is created, and down drops it.
-- The schema etl (this tool's bookkeeping) is created here, first, for that record; 0009 fills it.

-- Up Migration
DO $$
BEGIN
    IF to_regnamespace('etl') IS NOT NULL THEN
        RAISE EXCEPTION 'the database already has a schema named etl, which this tool creates for its own bookkeeping'
            USING HINT = 'rename that schema (ALTER SCHEMA etl RENAME TO ...) or migrate into another database';
    END IF;
END $$;

CREATE SCHEMA etl;

-- One row per table that existed before the first migration: its shape then (etl.table_shape).
CREATE TABLE etl.adopted_tables (
    table_name TEXT PRIMARY KEY,
    shape JSONB NOT NULL,
    adopted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A table's columns (type, NOT NULL, default, generated), constraints and indexes, by name:
-- {"columns": {"phone": {"type": "character varying(20)", "not_null": true, "default": null, …}}, …}.
CREATE FUNCTION etl.table_shape(target regclass) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'columns', (SELECT coalesce(jsonb_object_agg(a.attname, jsonb_build_object(
                        'type', format_type(a.atttypid, a.atttypmod),
                        'not_null', a.attnotnull,
                        'default', pg_get_expr(d.adbin, d.adrelid),
                        'generated', a.attgenerated <> '')), '{}')
                      FROM pg_attribute a
                      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                     WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped),
        'constraints', (SELECT coalesce(jsonb_object_agg(c.conname, pg_get_constraintdef(c.oid)), '{}')
                          FROM pg_constraint c WHERE c.conrelid = target),
        'indexes', (SELECT coalesce(jsonb_object_agg(i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)), '{}')
                      FROM pg_index i WHERE i.indrelid = target))
$$;

-- Whether `name` (a column, constraint or index: `kind` is columns, constraints or indexes) was part of
-- `table_name` before the first migration. False for every part of a table this tool created.
CREATE FUNCTION etl.existed_before(table_name text, kind text, name text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT a.shape -> kind ? name FROM etl.adopted_tables a WHERE a.table_name = existed_before.table_name), false)
$$;

-- What an adopted column looked like (its entry in the shape), or NULL for a column this tool added.
CREATE FUNCTION etl.column_before(table_name text, column_name text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT a.shape -> 'columns' -> column_name FROM etl.adopted_tables a WHERE a.table_name = column_before.table_name
$$;

DO $$
DECLARE
    missing text[];
BEGIN
    IF to_regclass('public.customers') IS NULL THEN
        RETURN;
    END IF;
    -- The plan's table has at least these; one without them is some other table called customers.
    SELECT array_agg(required) INTO missing
      FROM unnest(ARRAY['customer_id', 'name', 'phone']) AS required
     WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                        WHERE a.attrelid = 'public.customers'::regclass AND a.attname = required AND NOT a.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'the table customers already exists but has no column %: it is not the plan''s customers table', array_to_string(missing, ', ')
            USING HINT = 'migrate into another database, or rename that table first';
    END IF;
    IF pg_get_serial_sequence('public.customers', 'customer_id') IS NULL THEN
        RAISE EXCEPTION 'customers.customer_id has no sequence (SERIAL or IDENTITY): new customers could not be numbered as the app numbers them'
            USING HINT = 'give customer_id a sequence default, as the plan''s SERIAL does';
    END IF;
    INSERT INTO etl.adopted_tables (table_name, shape) VALUES ('customers', etl.table_shape('public.customers'));
END $$;

CREATE TABLE IF NOT EXISTS customers (
    customer_id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    phone VARCHAR(20) NOT NULL,
    first_visit_date DATE,
    region VARCHAR(50),
    referral_source VARCHAR(100),
    health_concerns TEXT,
    notes TEXT,
    assigned_staff VARCHAR(100),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Down Migration
DO $$
BEGIN
    -- A database migrated before customers could be adopted has no record: its customers is this tool's.
    IF to_regclass('etl.adopted_tables') IS NULL
       OR NOT EXISTS (SELECT 1 FROM etl.adopted_tables WHERE table_name = 'customers') THEN
        DROP TABLE IF EXISTS customers;
    END IF;
END $$;
DROP SCHEMA IF EXISTS etl CASCADE;
