-- Staging for the kit list (고객관리대장_키트고객.csv): rows land here by COPY and kits.merge.sql links
-- them to customers and moves them into kit_receipts in the run's transaction. Each row carries its run,
-- file and line so the review list can name it.

-- Up Migration
CREATE UNLOGGED TABLE staging.kits (
    line INTEGER NOT NULL,
    file TEXT NOT NULL,
    run_id TEXT NOT NULL,
    kit_key TEXT NOT NULL,
    customer_name TEXT,
    customer_name_raw TEXT,
    name_key TEXT,
    name_blocker TEXT,
    relative_of_key TEXT,
    kit_type TEXT,
    serial_number TEXT,
    receipt_date DATE,
    receipt_date_raw TEXT,
    result_received_date DATE,
    result_received_raw TEXT,
    result_delivered_date DATE,
    result_delivered_raw TEXT
);

-- Down Migration
DROP TABLE staging.kits;
