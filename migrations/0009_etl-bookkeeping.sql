-- Run bookkeeping: one row per run, every rejected row (with the raw line), every cell-level warning
-- (a date nulled, a phone we could not read) with the value as written. The schema itself is 0001's,
-- which keeps the record of the tables it adopted there until the very last down.

-- Up Migration
CREATE SCHEMA IF NOT EXISTS etl;

CREATE TABLE etl.runs (
    run_id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    sources TEXT[] NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('committed', 'failed', 'dry-run')),
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    error_code TEXT,
    error_message TEXT,
    report JSONB NOT NULL DEFAULT '{}'
);

CREATE TABLE etl.rejects (
    run_id TEXT NOT NULL,
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER,
    code TEXT NOT NULL,
    column_name TEXT,
    value TEXT,
    reason TEXT NOT NULL,
    raw_line TEXT
);
CREATE INDEX rejects_run_idx ON etl.rejects(run_id, source);

CREATE TABLE etl.warnings (
    run_id TEXT NOT NULL,
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    line INTEGER,
    code TEXT NOT NULL,
    column_name TEXT,
    value TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX warnings_run_idx ON etl.warnings(run_id, source);

-- Down Migration
DROP TABLE etl.warnings;
DROP TABLE etl.rejects;
DROP TABLE etl.runs;
