-- Plan 1.2: customer_preferences, plus one row per customer (the merge upserts on customer_id).
-- Plain CREATE TABLE (the plan writes IF NOT EXISTS): a table of this name that the app already has
-- is refused, not silently taken over and then dropped by a rollback.

-- Up Migration
CREATE TABLE customer_preferences (
    preference_id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(customer_id),
    preferred_services TEXT[],
    preferred_time VARCHAR(20),
    preferred_intensity VARCHAR(20),
    health_interests TEXT[],
    communication_preference VARCHAR(20),
    marketing_consent BOOLEAN DEFAULT false,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX customer_preferences_customer_id_key ON customer_preferences(customer_id);

-- Down Migration
DROP TABLE IF EXISTS customer_preferences;
