-- Plan 1.2: kit_receipts, as the plan has it (its UNIQUE serial is revisited by the kits source).
-- Plain CREATE TABLE (the plan writes IF NOT EXISTS): a table of this name that the app already has
-- is refused, not silently taken over and then dropped by a rollback.

-- Up Migration
CREATE TABLE kit_receipts (
    kit_id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(customer_id),
    kit_type VARCHAR(100),
    serial_number VARCHAR(100) UNIQUE,
    receipt_date DATE,
    result_received_date DATE,
    result_delivered_date DATE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Down Migration
DROP TABLE IF EXISTS kit_receipts;
