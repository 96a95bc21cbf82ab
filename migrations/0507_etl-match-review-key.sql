-- A key for each review row, so that a run's undo (0508) can name the rows it added or removed.

-- Up Migration
ALTER TABLE etl.match_review ADD COLUMN review_id BIGSERIAL PRIMARY KEY;

-- Down Migration
ALTER TABLE etl.match_review DROP COLUMN IF EXISTS review_id;
