-- customers.total_revenue is recomputed every run from payments (pipeline/statistics/). DECIMAL(10,2)
-- stops at 99,999,999.99 won: a VIP (≥ 50,000,000 a year, SOURCES.md §6) passes that in two years, and
-- one such customer would fail the whole run. Fourteen digits hold any ledger. A column the center's
-- table already had wider (NUMERIC(16,2), BIGINT …) is left alone; down gives back the type it had.

-- Up Migration
DO $$
BEGIN
    IF (SELECT format_type(atttypid, atttypmod) FROM pg_attribute
         WHERE attrelid = 'customers'::regclass AND attname = 'total_revenue' AND NOT attisdropped)
       ~ '^numeric\((1[0-3]|[1-9]),2\)$' THEN
        ALTER TABLE customers ALTER COLUMN total_revenue TYPE DECIMAL(14,2);
    END IF;
END $$;

-- Down Migration
DO $$
DECLARE
    before text := etl.column_before('customers', 'total_revenue') ->> 'type';
BEGIN
    EXECUTE format('ALTER TABLE customers ALTER COLUMN total_revenue TYPE %s', coalesce(before, 'DECIMAL(10,2)'));
END $$;
