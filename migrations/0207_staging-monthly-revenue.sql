-- Staging for the yearly summary: one row per month figure.

-- Up Migration
CREATE UNLOGGED TABLE staging.monthly_revenue (
    line INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    amount BIGINT NOT NULL
);

-- Down Migration
DROP TABLE IF EXISTS staging.monthly_revenue;
