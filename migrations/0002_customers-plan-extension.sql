-- Phase 1.1 of the plan: sixteen columns and four indexes on customers. Down is the plan's rollback —
-- of what this migration added: a column or index the center's table already had (etl.adopted_tables,
-- 0001) stays, as it was; the app may have added `risk_level` before, for one.

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

CREATE INDEX IF NOT EXISTS idx_customers_phone ON customers(phone);
CREATE INDEX IF NOT EXISTS idx_customers_membership_level ON customers(membership_level);
CREATE INDEX IF NOT EXISTS idx_customers_last_visit ON customers(last_visit_date);
CREATE INDEX IF NOT EXISTS idx_customers_risk_level ON customers(risk_level);

-- Down Migration
DO $$
DECLARE
    item text;
BEGIN
    FOREACH item IN ARRAY ARRAY['idx_customers_risk_level', 'idx_customers_last_visit', 'idx_customers_membership_level', 'idx_customers_phone'] LOOP
        IF NOT etl.existed_before('customers', 'indexes', item) THEN
            EXECUTE format('DROP INDEX IF EXISTS %I', item);
        END IF;
    END LOOP;
    FOREACH item IN ARRAY ARRAY['birth_year', 'gender', 'email', 'address', 'emergency_contact', 'occupation',
            'membership_level', 'customer_status', 'preferred_time_slots', 'health_goals', 'last_visit_date',
            'total_visits', 'average_visit_interval', 'total_revenue', 'average_satisfaction', 'risk_level'] LOOP
        IF NOT etl.existed_before('customers', 'columns', item) THEN
            EXECUTE format('ALTER TABLE customers DROP COLUMN IF EXISTS %I', item);
        END IF;
    END LOOP;
END $$;
