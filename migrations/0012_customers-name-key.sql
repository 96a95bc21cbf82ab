-- What other sheets match customers by: the name without spaces, lower case (transforms/normalize-name.ts
-- `nameKey` is the same rule in TypeScript), indexed. Phones are matched on customers.phone.

-- Up Migration
ALTER TABLE customers ADD COLUMN name_key TEXT GENERATED ALWAYS AS (lower(regexp_replace(name, '\s', '', 'g'))) STORED;
CREATE INDEX idx_customers_name_key ON customers(name_key);

-- Down Migration
DROP INDEX IF EXISTS idx_customers_name_key;
ALTER TABLE customers DROP COLUMN IF EXISTS name_key;
