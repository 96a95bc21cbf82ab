-- What the kit list holds that the plan has no column for: the customer's name as written (`김민지님`)
-- and cleaned, each date cell as written beside its parsed date, how the row was linked to a customer,
-- and the natural key that makes reloading the list idempotent: the serial as written (upper case, no
-- spaces) with the name key, because one serial may belong to two customers (`BD102345|김민지`).

-- Up Migration
ALTER TABLE kit_receipts
    ADD COLUMN kit_key TEXT,
    ADD COLUMN customer_name VARCHAR(100),
    ADD COLUMN customer_name_raw TEXT,
    ADD COLUMN receipt_date_raw TEXT,
    ADD COLUMN result_received_raw TEXT,
    ADD COLUMN result_delivered_raw TEXT,
    ADD COLUMN match_method VARCHAR(30),
    ADD COLUMN updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    ADD CONSTRAINT kit_receipts_kit_key_key UNIQUE (kit_key);
CREATE INDEX idx_kit_receipts_customer_id ON kit_receipts(customer_id);

-- Down Migration
DROP INDEX IF EXISTS idx_kit_receipts_customer_id;
ALTER TABLE kit_receipts
    DROP CONSTRAINT IF EXISTS kit_receipts_kit_key_key,
    DROP COLUMN IF EXISTS kit_key,
    DROP COLUMN IF EXISTS customer_name,
    DROP COLUMN IF EXISTS customer_name_raw,
    DROP COLUMN IF EXISTS receipt_date_raw,
    DROP COLUMN IF EXISTS result_received_raw,
    DROP COLUMN IF EXISTS result_delivered_raw,
    DROP COLUMN IF EXISTS match_method,
    DROP COLUMN IF EXISTS updated_at;
