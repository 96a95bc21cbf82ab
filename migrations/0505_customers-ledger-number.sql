-- Which ledger row (번호) a customer came from, apart from customer_id: on the center's own database the
-- app numbers customers too, so a ledger customer's id is the 번호 only where that id was free (on an
-- empty table, always), and otherwise the next value of the table's own sequence. ledger_adopted marks a
-- row the app made that turned out to be a ledger customer (same name and phone): it is never deleted
-- or renumbered by a load. A database loaded before this column had every ledger customer under its 번호
-- (and a phone_status, which the app's rows lack): they get it here.
-- Down refuses while ledger customers are still in a table that was the app's: dropping the column would
-- leave them there unmarked; undo the loads first.

-- Up Migration
ALTER TABLE customers
    ADD COLUMN ledger_number INTEGER,
    ADD COLUMN ledger_adopted BOOLEAN NOT NULL DEFAULT false;
UPDATE customers SET ledger_number = customer_id WHERE phone_status IS NOT NULL;
ALTER TABLE customers ADD CONSTRAINT customers_ledger_number_key UNIQUE (ledger_number);

-- Down Migration
DO $$
DECLARE
    loaded integer;
BEGIN
    IF EXISTS (SELECT 1 FROM etl.adopted_tables WHERE table_name = 'customers') THEN
        SELECT count(*) INTO loaded FROM customers WHERE ledger_number IS NOT NULL;
        IF loaded > 0 THEN
            RAISE EXCEPTION 'customers holds % customer(s) loaded from the ledger, and the table was the app''s before the migration', loaded
                USING HINT = 'undo the loads first: npm run restore -- <first runId> --undo-later-runs (npm run restore -- --list shows them)';
        END IF;
    END IF;
END $$;
ALTER TABLE customers
    DROP CONSTRAINT IF EXISTS customers_ledger_number_key,
    DROP COLUMN IF EXISTS ledger_adopted,
    DROP COLUMN IF EXISTS ledger_number;
