-- Two kit serials in the ledger each belong to two customers (SOURCES.md §2: 16 rows, 14 serials), so the
-- plan's UNIQUE(serial_number) cannot hold: it becomes a plain index (kits are still looked up by serial).
-- The natural key of a kit row comes with the kits source's columns (0101). Down restores the plan's
-- constraint; rows it cannot hold (the later holders of a shared serial) are moved, not deleted, to
-- etl.kit_receipts_shared_serials, and the full rollback (which drops etl) still goes through.

-- Up Migration
ALTER TABLE kit_receipts DROP CONSTRAINT kit_receipts_serial_number_key;
CREATE INDEX idx_kit_receipts_serial_number ON kit_receipts(serial_number);

-- Down Migration
DO $$
DECLARE moved INTEGER;
BEGIN
    IF EXISTS (SELECT 1 FROM kit_receipts WHERE serial_number IS NOT NULL GROUP BY serial_number HAVING count(*) > 1) THEN
        CREATE TABLE IF NOT EXISTS etl.kit_receipts_shared_serials (LIKE kit_receipts);
        WITH surplus AS (
            DELETE FROM kit_receipts k
             WHERE EXISTS (SELECT 1 FROM kit_receipts o WHERE o.serial_number = k.serial_number AND o.kit_id < k.kit_id)
            RETURNING k.*
        )
        INSERT INTO etl.kit_receipts_shared_serials SELECT * FROM surplus;
        GET DIAGNOSTICS moved = ROW_COUNT;
        RAISE NOTICE '% kit rows sharing a serial with an earlier row were moved to etl.kit_receipts_shared_serials', moved;
    END IF;
END $$;
DROP INDEX IF EXISTS idx_kit_receipts_serial_number;
ALTER TABLE kit_receipts ADD CONSTRAINT kit_receipts_serial_number_key UNIQUE (serial_number);
