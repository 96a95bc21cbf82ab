-- Payments from the monthly payment sheets and the 전체 결제대장 ledger, which repeats some of their rows.
-- One payment per natural key (customer, date, amount, program): customer_key is the sheet's name in
-- match form (`김민지님` → 김민지), so the key does not move when a name is later linked to a customer;
-- occurrence tells apart identical payments written twice in the same sheet. Amounts in won, refunds
-- negative. customer_id is NULL while the name is on the review list.

-- Up Migration
CREATE TABLE payments (
    payment_id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(customer_id),
    payment_date DATE NOT NULL,
    program TEXT,
    amount INTEGER NOT NULL,
    payment_type VARCHAR(20) NOT NULL CHECK (payment_type IN ('package', 'single', 'additional', 'refund')),
    payment_method VARCHAR(20) CHECK (payment_method IN ('card', 'transfer', 'cash')),
    approval_no TEXT,
    card_holder TEXT,
    staff VARCHAR(100),
    channel TEXT,
    grade TEXT,
    purchase_note TEXT,
    session_start_date DATE,
    contract_end_date DATE,
    notes TEXT,
    customer_name_raw TEXT,
    match_status VARCHAR(10) NOT NULL CHECK (match_status IN ('matched', 'review')),
    match_method VARCHAR(20) CHECK (match_method IN ('name+phone', 'name')),
    customer_key TEXT NOT NULL,
    program_key TEXT NOT NULL,
    occurrence SMALLINT NOT NULL DEFAULT 1,
    ledger_no TEXT,
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT payments_natural_key UNIQUE (customer_key, payment_date, amount, program_key, occurrence),
    CONSTRAINT payments_matched_check CHECK ((match_status = 'matched') = (customer_id IS NOT NULL))
);
CREATE INDEX idx_payments_customer ON payments(customer_id, payment_date);
CREATE INDEX idx_payments_date ON payments(payment_date);

-- Down Migration
DROP TABLE IF EXISTS payments;
