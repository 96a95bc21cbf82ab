-- Plan 1.2: marketing_leads (the 유입고객 list), as the plan has it; the leads source adds its columns.
-- Plain CREATE TABLE (the plan writes IF NOT EXISTS): a table of this name that the app already has
-- is refused, not silently taken over and then dropped by a rollback.

-- Up Migration
CREATE TABLE marketing_leads (
    lead_id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    phone VARCHAR(20),
    age INTEGER,
    region VARCHAR(50),
    lead_channel VARCHAR(50),
    carrot_id VARCHAR(100),
    ad_watched VARCHAR(100),
    price_informed BOOLEAN,
    ab_test_group VARCHAR(20),
    db_entry_date DATE,
    phone_consult_date DATE,
    visit_consult_date DATE,
    registration_date DATE,
    purchased_product VARCHAR(200),
    no_registration_reason TEXT,
    notes TEXT,
    revenue DECIMAL(10,2),
    status VARCHAR(20) DEFAULT 'new',
    converted_customer_id INTEGER REFERENCES customers(customer_id),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Down Migration
DROP TABLE IF EXISTS marketing_leads;
