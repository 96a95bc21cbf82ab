-- Staging for the lead list (유입고객_DB리스트.csv): rows land here by COPY and leads.merge.sql links them
-- to customers and moves them into marketing_leads in the run's transaction. Each row carries its run,
-- file and line so the review list can name it, and what matching needs (name key, birth year).

-- Up Migration
CREATE UNLOGGED TABLE staging.leads (
    line INTEGER NOT NULL,
    file TEXT NOT NULL,
    run_id TEXT NOT NULL,
    lead_key TEXT NOT NULL,
    name TEXT NOT NULL,
    name_raw TEXT,
    name_key TEXT,
    name_blocker TEXT,
    relative_of_key TEXT,
    phone TEXT,
    phone_raw TEXT,
    phone_status TEXT NOT NULL,
    age INTEGER,
    birth_year INTEGER,
    region TEXT,
    lead_channel TEXT,
    db_channel TEXT,
    carrot_id TEXT,
    ad_watched TEXT,
    price_informed BOOLEAN,
    ab_test_group TEXT,
    db_entry_date DATE,
    db_entry_raw TEXT,
    phone_consult_date DATE,
    phone_consult_outcome TEXT,
    phone_consult_raw TEXT,
    reminder_contact_date DATE,
    reminder_contact_outcome TEXT,
    reminder_contact_raw TEXT,
    visit_consult_date DATE,
    visit_consult_outcome TEXT,
    visit_consult_raw TEXT,
    visit_cancel_reason TEXT,
    registration_date DATE,
    registration_raw TEXT,
    purchased_product TEXT,
    no_registration_reason TEXT,
    notes TEXT,
    purchase_marked BOOLEAN,
    revenue NUMERIC(10, 2),
    revenue_note TEXT,
    status TEXT NOT NULL
);

-- Down Migration
DROP TABLE staging.leads;
