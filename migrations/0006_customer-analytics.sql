-- Plan 1.2: customer_analytics, one row per customer per analysis date.
-- Plain CREATE TABLE (the plan writes IF NOT EXISTS): a table of this name that the app already has
-- is refused, not silently taken over and then dropped by a rollback.

-- Up Migration
CREATE TABLE customer_analytics (
    analytics_id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(customer_id),
    analysis_date DATE NOT NULL,
    visit_frequency VARCHAR(20),
    consistency_score INTEGER,
    most_used_service VARCHAR(20),
    ltv_estimate DECIMAL(10,2),
    churn_risk VARCHAR(20),
    churn_probability INTEGER,
    retention_score INTEGER,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX customer_analytics_customer_date_key ON customer_analytics(customer_id, analysis_date);

-- Down Migration
DROP TABLE IF EXISTS customer_analytics;
