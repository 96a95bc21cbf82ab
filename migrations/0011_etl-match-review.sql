-- The review list: every row of any source that could not be linked to a customer with confidence
-- (no match, several candidates, a name backed by nothing else, a relative of a customer …), with the
-- candidates and a reason code. Each load of a source replaces that source's rows, so the table is
-- always the current list. Rows here are never turned into customers automatically.

-- Up Migration
CREATE TABLE etl.match_review (
    run_id TEXT NOT NULL,
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER,
    name TEXT,
    phone TEXT,
    candidate_ids INTEGER[] NOT NULL DEFAULT '{}',
    reason TEXT NOT NULL,
    detail TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX match_review_source_idx ON etl.match_review(source, line);

-- Down Migration
DROP TABLE etl.match_review;
