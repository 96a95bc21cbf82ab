-- The yearly summary sheet (2025년_결제현황.csv: one block per year, `1월 … 12월, 합계`) as one row per
-- month: the revenue the center wrote down, to compare with the sum of that month's payments.

-- Up Migration
CREATE TABLE monthly_revenue (
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2099),
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    summary_amount BIGINT NOT NULL,
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (year, month)
);

-- Down Migration
DROP TABLE IF EXISTS monthly_revenue;
