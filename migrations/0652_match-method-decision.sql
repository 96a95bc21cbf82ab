-- Rows linked by a recorded decision (etl.link_decisions) say so: match_method 'decision'. A row the staff
-- marked as not a customer (`ignore`) is neither matched nor on the review list: match_status 'ignored',
-- customer_id NULL, so it counts in no customer's statistics. For service_sessions and payments, the two
-- tables whose match columns have CHECKs (kit_receipts and marketing_leads take the method as text).
-- Down: rows settled by a decision go back to the review state they had before it (no customer, 'review').

-- Up Migration
ALTER TABLE service_sessions
    DROP CONSTRAINT service_sessions_match_status_check,
    DROP CONSTRAINT service_sessions_match_method_check,
    ADD CONSTRAINT service_sessions_match_status_check CHECK (match_status IN ('matched', 'review', 'ignored')),
    ADD CONSTRAINT service_sessions_match_method_check CHECK (match_method IN ('name+phone', 'name', 'decision'));
ALTER TABLE payments
    DROP CONSTRAINT payments_match_status_check,
    DROP CONSTRAINT payments_match_method_check,
    ADD CONSTRAINT payments_match_status_check CHECK (match_status IN ('matched', 'review', 'ignored')),
    ADD CONSTRAINT payments_match_method_check CHECK (match_method IN ('name+phone', 'name', 'decision'));

-- Down Migration
UPDATE service_sessions SET customer_id = NULL, match_status = 'review', match_method = NULL
 WHERE match_method = 'decision' OR match_status = 'ignored';
UPDATE payments SET customer_id = NULL, match_status = 'review', match_method = NULL
 WHERE match_method = 'decision' OR match_status = 'ignored';
ALTER TABLE service_sessions
    DROP CONSTRAINT service_sessions_match_status_check,
    DROP CONSTRAINT service_sessions_match_method_check,
    ADD CONSTRAINT service_sessions_match_status_check CHECK (match_status IN ('matched', 'review')),
    ADD CONSTRAINT service_sessions_match_method_check CHECK (match_method IN ('name+phone', 'name'));
ALTER TABLE payments
    DROP CONSTRAINT payments_match_status_check,
    DROP CONSTRAINT payments_match_method_check,
    ADD CONSTRAINT payments_match_status_check CHECK (match_status IN ('matched', 'review')),
    ADD CONSTRAINT payments_match_method_check CHECK (match_method IN ('name+phone', 'name'));
