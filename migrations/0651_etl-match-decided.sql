-- The rows a recorded decision settled (linked, ignored, or whose decided customer is gone), one per sheet
-- row, with what the automatic matching made of them: the customer and method when it would have linked
-- them, else the reason, candidates and detail the review list would show. `review --undo ID` puts those
-- rows back exactly so; etl.match_review stays the list of rows still open. Each load of a source replaces
-- the rows of the files it loads, as it does for etl.match_review. auto_customer_id follows a merged
-- customer to the survivor (the absorb step moves every foreign key), as etl.link_decisions.customer_id does.
-- Runs log their changes for undo (etl.capture_changes, migration 0508).

-- Up Migration
CREATE TABLE etl.match_decided (
    run_id TEXT NOT NULL,
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER NOT NULL,
    name TEXT,
    phone TEXT,
    decision_id INTEGER NOT NULL REFERENCES etl.link_decisions(decision_id) ON DELETE CASCADE,
    auto_customer_id INTEGER REFERENCES customers(customer_id) ON DELETE SET NULL,
    auto_method TEXT,
    reason TEXT,
    candidate_ids INTEGER[] NOT NULL DEFAULT '{}',
    detail TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT match_decided_row_key PRIMARY KEY (source, file, line)
);
CREATE INDEX match_decided_decision_idx ON etl.match_decided(decision_id);
SELECT etl.capture_changes('etl.match_decided');

-- Down Migration
DROP TABLE etl.match_decided;
