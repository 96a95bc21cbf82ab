-- 14 customers in the ledger have no phone and 10 more have none we can read; they are still customers.
-- The plan's NOT NULL would force us to reject them or invent a number, so phone becomes nullable.
-- Down puts NOT NULL back where it was: always on the table this tool created (writing '' for the
-- missing phones, as the plan's column wants a value), and on the center's adopted table only if it had
-- it — and there it refuses rather than write into the app's rows.

-- Up Migration
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;

-- Down Migration
DO $$
DECLARE
    before jsonb := etl.column_before('customers', 'phone');
    without integer;
BEGIN
    IF before IS NULL THEN
        UPDATE customers SET phone = '' WHERE phone IS NULL;
        ALTER TABLE customers ALTER COLUMN phone SET NOT NULL;
    ELSIF (before ->> 'not_null')::boolean THEN
        SELECT count(*) INTO without FROM customers WHERE phone IS NULL;
        IF without > 0 THEN
            RAISE EXCEPTION 'customers.phone was NOT NULL before the migration, and % customer(s) now have no phone', without
                USING HINT = 'undo the loads first (npm run restore -- <first runId> --undo-later-runs), or give them a phone in the app';
        END IF;
        ALTER TABLE customers ALTER COLUMN phone SET NOT NULL;
    END IF;
END $$;
