-- Staging for the customer master: rows land here by COPY (unlogged, no indexes, no constraints) and the
-- merge moves them into customers inside the same transaction. Truncated at the start of every load.

-- Up Migration
CREATE SCHEMA staging;

CREATE UNLOGGED TABLE staging.customers (
    line INTEGER NOT NULL,
    ledger_no INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_raw TEXT,
    phone TEXT,
    phone_raw TEXT,
    phone_status TEXT NOT NULL,
    first_visit_date DATE,
    region TEXT,
    referral_source TEXT,
    referral_detail TEXT,
    review_suggestion TEXT,
    testimonial_suggestion TEXT,
    file_location TEXT,
    health_concerns TEXT,
    health_interests TEXT[],
    notes TEXT,
    assigned_staff TEXT,
    birth_year INTEGER,
    dedupe_key TEXT
);

-- Down Migration
DROP SCHEMA staging CASCADE;
