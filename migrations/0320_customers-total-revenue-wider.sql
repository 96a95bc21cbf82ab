-- customers.total_revenue is recomputed every run from payments (pipeline/statistics/). DECIMAL(10,2)
-- stops at 99,999,999.99 won: a VIP (≥ 50,000,000 a year, SOURCES.md §6) passes that in two years, and
-- one such customer would fail the whole run. Fourteen digits hold any ledger.

-- Up Migration
ALTER TABLE customers ALTER COLUMN total_revenue TYPE DECIMAL(14,2);

-- Down Migration
ALTER TABLE customers ALTER COLUMN total_revenue TYPE DECIMAL(10,2);
