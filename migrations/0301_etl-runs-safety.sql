-- What each run leaves for the consistency monitor (`npm run verify`): the row count of every final table
-- when the run ended (`{"customers": 946, …}`) and the run's verification checks.

-- Up Migration
ALTER TABLE etl.runs
    ADD COLUMN table_counts JSONB,
    ADD COLUMN verification JSONB;

-- Down Migration
ALTER TABLE etl.runs
    DROP COLUMN IF EXISTS table_counts,
    DROP COLUMN IF EXISTS verification;
