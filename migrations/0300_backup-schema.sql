-- Backups taken inside each run before its first merge: a copy of every final table in schema `backup`
-- (`backup."20250606T120000Z-ab12_customers"`), listed in etl.backups. Both are written in the run's
-- transaction, so a backup exists exactly when its run committed. pipeline/backup/ owns them.

-- Up Migration
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

-- Down Migration
DROP TABLE etl.backups;
DROP SCHEMA backup CASCADE;
