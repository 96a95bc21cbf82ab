-- Runs no longer copy every final table before merging (the undo log of 0508 keeps only what a run
-- changes), so the table copies of 0300 go: schema backup and etl.backups. Down puts both back, empty.

-- Up Migration
DROP TABLE etl.backups;
DROP SCHEMA backup CASCADE;

-- Down Migration
CREATE SCHEMA backup;
CREATE TABLE etl.backups (
    run_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    source_table TEXT NOT NULL,
    backup_table TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    taken_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, source_table)
);
