-- The decisions the center's staff make on the review list (`npm run pipeline -- review --apply FILE`): a
-- written name of one source's sheets, with the phone the row carries, is this customer (`link`) or not a
-- customer at all (`ignore`: a staff test row, a supplier). Every later load of that source applies them
-- before its own matching, so one decision covers the same written name in every month's sheet.
-- A case is (source, name_key, phone): name_key is the written name as the review list shows it (`홍길동
-- 어머님`), without spaces, lower case — etl.written_name_key, customers.name_key's rule — and phone is the
-- row's phone as its merge keys it, '' when the sheet has none.
-- customer_id points at the customer now: the foreign key lets the customers merge's absorb step move it to
-- the survivor when the customer is merged into another, and sets it NULL if the customer is deleted (the
-- row then goes back to review); decided_customer_id keeps the id as the staff wrote it, and
-- decided_ledger_number that customer's 번호 (the ledger's identity, which outlives a customer_id: a
-- customer deleted and loaded again from the ledger is found by it). Runs log their changes for undo
-- (etl.capture_changes, migration 0508), as for the final tables.

-- Up Migration
CREATE FUNCTION etl.written_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(regexp_replace(name, '\s', '', 'g'))
$$;

CREATE TABLE etl.link_decisions (
    decision_id SERIAL PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('sessions', 'payments', 'kits', 'leads')),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL CHECK (decision IN ('link', 'ignore')),
    decided_customer_id INTEGER,
    decided_ledger_number INTEGER,
    customer_id INTEGER REFERENCES customers(customer_id) ON DELETE SET NULL,
    run_id TEXT NOT NULL,
    decided_by TEXT,
    decided_file TEXT,
    decided_line INTEGER,
    decided_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT link_decisions_case_key UNIQUE (source, name_key, phone),
    CONSTRAINT link_decisions_customer_check CHECK ((decision = 'link') = (decided_customer_id IS NOT NULL)),
    CONSTRAINT link_decisions_ignore_check CHECK (decision = 'link' OR customer_id IS NULL)
);
CREATE INDEX link_decisions_customer_idx ON etl.link_decisions(customer_id);
SELECT etl.capture_changes('etl.link_decisions');

-- Down Migration
DROP TABLE etl.link_decisions;
DROP FUNCTION etl.written_name_key(text);
