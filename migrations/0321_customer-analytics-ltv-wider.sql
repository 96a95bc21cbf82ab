-- customer_analytics.ltv_estimate is net revenue so far plus a year's projection (docs/analytics.md), so it
-- reaches twice a VIP's yearly 50,000,000 won: past DECIMAL(10,2)'s 99,999,999.99. Fourteen digits.

-- Up Migration
ALTER TABLE customer_analytics ALTER COLUMN ltv_estimate TYPE DECIMAL(14,2);

-- Down Migration
ALTER TABLE customer_analytics ALTER COLUMN ltv_estimate TYPE DECIMAL(10,2);
