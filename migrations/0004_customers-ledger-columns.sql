-- What the ledger holds that the plan has no column for, and the raw values we must not lose:
-- the phone as written (`1012345678`) and what we made of it, the name as written (`김민지(85년생)`),
-- the sub-channel of the referral (`검색(화이트태닝)`), review/testimonial status, where the paper
-- file is kept, and the ledger numbers of duplicate rows merged into this customer.

-- Up Migration
ALTER TABLE customers
    ADD COLUMN name_raw TEXT,
    ADD COLUMN phone_raw TEXT,
    ADD COLUMN phone_status VARCHAR(20),
    ADD COLUMN referral_detail TEXT,
    ADD COLUMN review_suggestion TEXT,
    ADD COLUMN testimonial_suggestion TEXT,
    ADD COLUMN file_location TEXT,
    ADD COLUMN merged_ledger_numbers INTEGER[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT customers_phone_status_check
        CHECK (phone_status IN ('valid', 'reformatted', 'repaired', 'invalid', 'placeholder', 'missing'));

-- Down Migration
ALTER TABLE customers
    DROP CONSTRAINT IF EXISTS customers_phone_status_check,
    DROP COLUMN IF EXISTS name_raw,
    DROP COLUMN IF EXISTS phone_raw,
    DROP COLUMN IF EXISTS phone_status,
    DROP COLUMN IF EXISTS referral_detail,
    DROP COLUMN IF EXISTS review_suggestion,
    DROP COLUMN IF EXISTS testimonial_suggestion,
    DROP COLUMN IF EXISTS file_location,
    DROP COLUMN IF EXISTS merged_ledger_numbers;
