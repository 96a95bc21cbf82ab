-- Staging for the payment sheets and the 전체 결제대장 ledger: one row per payment row (번호 numeric).

-- Up Migration
CREATE UNLOGGED TABLE staging.payments (
    line INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    ledger_no TEXT,
    payment_date DATE NOT NULL,
    customer_name_raw TEXT,
    name_clean TEXT,
    name_key TEXT,
    match_blocker TEXT,
    relative_of_key TEXT,
    customer_key TEXT NOT NULL,
    program TEXT,
    program_key TEXT NOT NULL,
    amount INTEGER NOT NULL,
    payment_type TEXT NOT NULL,
    payment_method TEXT,
    approval_no TEXT,
    card_holder TEXT,
    staff TEXT,
    channel TEXT,
    grade TEXT,
    purchase_note TEXT,
    session_start_date DATE,
    contract_end_date DATE,
    notes TEXT
);

-- Down Migration
DROP TABLE IF EXISTS staging.payments;
