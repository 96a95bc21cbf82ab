-- Plan 1.2: kit_receipts, as the plan has it (its UNIQUE serial is revisited by the kits source).

-- Up Migration
CREATE TABLE IF NOT EXISTS kit_receipts (
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
DROP TABLE IF EXISTS kit_receipts CASCADE;
