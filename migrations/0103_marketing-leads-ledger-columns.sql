-- What the lead list (21 columns) holds that the plan's marketing_leads (18) has no column for: where the
-- DB entry was written (DB작성 채널), the reminder call, the reason a visit was cancelled, the purchase
-- marker (구매표시); every date cell as written beside its parsed date and outcome (`방문취소/2024.03.02`
-- → 2024-03-02 + cancelled); the phone and name as written; words written instead of revenue
-- (`분할결제`); how the lead was linked to a customer; and the natural key that makes reloads idempotent.

-- Up Migration
ALTER TABLE marketing_leads
    ADD COLUMN lead_key TEXT,
    ADD COLUMN name_raw TEXT,
    ADD COLUMN phone_raw TEXT,
    ADD COLUMN phone_status VARCHAR(20),
    ADD COLUMN db_channel VARCHAR(50),
    ADD COLUMN db_entry_raw TEXT,
    ADD COLUMN phone_consult_outcome VARCHAR(20),
    ADD COLUMN phone_consult_raw TEXT,
    ADD COLUMN reminder_contact_date DATE,
    ADD COLUMN reminder_contact_outcome VARCHAR(20),
    ADD COLUMN reminder_contact_raw TEXT,
    ADD COLUMN visit_consult_outcome VARCHAR(20),
    ADD COLUMN visit_consult_raw TEXT,
    ADD COLUMN visit_cancel_reason TEXT,
    ADD COLUMN registration_raw TEXT,
    ADD COLUMN purchase_marked BOOLEAN,
    ADD COLUMN revenue_note TEXT,
    ADD COLUMN match_method VARCHAR(30),
    ADD COLUMN updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    ADD CONSTRAINT marketing_leads_lead_key_key UNIQUE (lead_key),
    ADD CONSTRAINT marketing_leads_phone_status_check
        CHECK (phone_status IN ('valid', 'reformatted', 'repaired', 'invalid', 'placeholder', 'missing')),
    ADD CONSTRAINT marketing_leads_outcomes_check CHECK (
        phone_consult_outcome IN ('held', 'scheduled', 'cancelled', 'no_show', 'no_answer', 'not_done', 'unclear')
        AND reminder_contact_outcome IN ('held', 'scheduled', 'cancelled', 'no_show', 'no_answer', 'not_done', 'unclear')
        AND visit_consult_outcome IN ('held', 'scheduled', 'cancelled', 'no_show', 'no_answer', 'not_done', 'unclear'));
CREATE INDEX idx_marketing_leads_converted_customer ON marketing_leads(converted_customer_id);

-- Down Migration
DROP INDEX IF EXISTS idx_marketing_leads_converted_customer;
ALTER TABLE marketing_leads
    DROP CONSTRAINT IF EXISTS marketing_leads_outcomes_check,
    DROP CONSTRAINT IF EXISTS marketing_leads_phone_status_check,
    DROP CONSTRAINT IF EXISTS marketing_leads_lead_key_key,
    DROP COLUMN IF EXISTS lead_key,
    DROP COLUMN IF EXISTS name_raw,
    DROP COLUMN IF EXISTS phone_raw,
    DROP COLUMN IF EXISTS phone_status,
    DROP COLUMN IF EXISTS db_channel,
    DROP COLUMN IF EXISTS db_entry_raw,
    DROP COLUMN IF EXISTS phone_consult_outcome,
    DROP COLUMN IF EXISTS phone_consult_raw,
    DROP COLUMN IF EXISTS reminder_contact_date,
    DROP COLUMN IF EXISTS reminder_contact_outcome,
    DROP COLUMN IF EXISTS reminder_contact_raw,
    DROP COLUMN IF EXISTS visit_consult_outcome,
    DROP COLUMN IF EXISTS visit_consult_raw,
    DROP COLUMN IF EXISTS visit_cancel_reason,
    DROP COLUMN IF EXISTS registration_raw,
    DROP COLUMN IF EXISTS purchase_marked,
    DROP COLUMN IF EXISTS revenue_note,
    DROP COLUMN IF EXISTS match_method,
    DROP COLUMN IF EXISTS updated_at;
