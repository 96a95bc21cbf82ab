-- Phase 1.1 of the plan: sixteen columns and four indexes on customers. Down is the plan's rollback.

-- Up Migration
ALTER TABLE customers ADD COLUMN IF NOT EXISTS birth_year INTEGER;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS gender VARCHAR(10);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS email VARCHAR(100);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS address TEXT;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS emergency_contact VARCHAR(100);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS occupation VARCHAR(50);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS membership_level VARCHAR(20) DEFAULT 'basic';
ALTER TABLE customers ADD COLUMN IF NOT EXISTS customer_status VARCHAR(20) DEFAULT 'active';
ALTER TABLE customers ADD COLUMN IF NOT EXISTS preferred_time_slots JSONB;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS health_goals TEXT;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS last_visit_date DATE;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS total_visits INTEGER DEFAULT 0;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS average_visit_interval INTEGER;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS total_revenue DECIMAL(10,2) DEFAULT 0;
ALTER TABLE customers ADD COLUMN IF NOT EXISTS average_satisfaction DECIMAL(3,2);
ALTER TABLE customers ADD COLUMN IF NOT EXISTS risk_level VARCHAR(20) DEFAULT 'stable';

CREATE INDEX idx_customers_phone ON customers(phone);
CREATE INDEX idx_customers_membership_level ON customers(membership_level);
CREATE INDEX idx_customers_last_visit ON customers(last_visit_date);
CREATE INDEX idx_customers_risk_level ON customers(risk_level);

-- Down Migration
DROP INDEX IF EXISTS idx_customers_risk_level;
DROP INDEX IF EXISTS idx_customers_last_visit;
DROP INDEX IF EXISTS idx_customers_membership_level;
DROP INDEX IF EXISTS idx_customers_phone;
ALTER TABLE customers
    DROP COLUMN IF EXISTS birth_year,
    DROP COLUMN IF EXISTS gender,
    DROP COLUMN IF EXISTS email,
    DROP COLUMN IF EXISTS address,
    DROP COLUMN IF EXISTS emergency_contact,
    DROP COLUMN IF EXISTS occupation,
    DROP COLUMN IF EXISTS membership_level,
    DROP COLUMN IF EXISTS customer_status,
    DROP COLUMN IF EXISTS preferred_time_slots,
    DROP COLUMN IF EXISTS health_goals,
    DROP COLUMN IF EXISTS last_visit_date,
    DROP COLUMN IF EXISTS total_visits,
    DROP COLUMN IF EXISTS average_visit_interval,
    DROP COLUMN IF EXISTS total_revenue,
    DROP COLUMN IF EXISTS average_satisfaction,
    DROP COLUMN IF EXISTS risk_level;
