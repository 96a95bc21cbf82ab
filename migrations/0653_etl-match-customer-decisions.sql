-- Matching with the staff's decisions first (issue 17). etl.link_decision finds the decision recorded for a
-- case — a source, the written name, the row's phone — and the customer it points at now: its customer_id
-- (which the absorb step keeps on the survivor), else the customer holding the decided customer's ledger
-- number (번호, the identity: as ledger_number, or merged into it) — one deleted and loaded again from the
-- ledger; NULL when none exists any more. etl.match_customer with a source and the written name is the one
-- call the sessions, payments and kits merges make: the decision when there is one, the automatic match
-- (migration 0204) otherwise, and the automatic outcome beside it always (auto_*), which etl.match_decided
-- keeps for undo. A `link` whose customer is gone sends the row back to review as DECISION_CUSTOMER_GONE;
-- `ignore` returns no customer, no reason and method 'decision'. A row without a name (NAME_MISSING) has no
-- case.

-- Up Migration
CREATE FUNCTION etl.link_decision(p_source TEXT, p_written_name TEXT, p_phone TEXT,
    OUT decision_id INTEGER, OUT decision TEXT, OUT customer_id INTEGER, OUT decided_customer_id INTEGER)
LANGUAGE sql STABLE AS $$
    SELECT d.decision_id, d.decision,
           CASE WHEN d.decision = 'link' THEN coalesce(
               (SELECT c.customer_id FROM customers c WHERE c.customer_id = d.customer_id),
               (SELECT min(c.customer_id) FROM customers c
                 WHERE c.ledger_number = d.decided_ledger_number OR d.decided_ledger_number = ANY (c.merged_ledger_numbers))) END,
           d.decided_customer_id
      FROM etl.link_decisions d
     WHERE d.source = p_source
       AND d.name_key = etl.written_name_key(p_written_name)
       AND d.phone = coalesce(p_phone, '')
$$;

CREATE FUNCTION etl.match_customer(
    p_source TEXT, p_written_name TEXT, p_name_key TEXT, p_phone TEXT, p_blocker TEXT, p_relative_of_key TEXT,
    OUT customer_id INTEGER, OUT method TEXT, OUT reason TEXT, OUT candidate_ids INTEGER[], OUT decision_id INTEGER,
    OUT auto_customer_id INTEGER, OUT auto_method TEXT, OUT auto_reason TEXT, OUT auto_candidate_ids INTEGER[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    found_id INTEGER;
    found_decision TEXT;
    found_customer INTEGER;
BEGIN
    SELECT m.customer_id, m.method, m.reason, m.candidate_ids
      INTO auto_customer_id, auto_method, auto_reason, auto_candidate_ids
      FROM etl.match_customer(p_name_key, p_phone, p_blocker, p_relative_of_key) m;
    customer_id := auto_customer_id;
    method := auto_method;
    reason := auto_reason;
    candidate_ids := auto_candidate_ids;
    IF p_written_name IS NULL OR p_blocker IS NOT DISTINCT FROM 'NAME_MISSING' THEN
        RETURN;
    END IF;
    -- etl.link_decision's query, written out: a SQL function called from PL/pgSQL is planned anew on every
    -- call (160 µs; 1.5 s for the 9,000 names of 200,000 usage rows), this statement's plan is kept.
    SELECT d.decision_id, d.decision,
           CASE WHEN d.decision = 'link' THEN coalesce(
               (SELECT c.customer_id FROM customers c WHERE c.customer_id = d.customer_id),
               (SELECT min(c.customer_id) FROM customers c
                 WHERE c.ledger_number = d.decided_ledger_number OR d.decided_ledger_number = ANY (c.merged_ledger_numbers))) END
      INTO found_id, found_decision, found_customer
      FROM etl.link_decisions d
     WHERE d.source = p_source
       AND d.name_key = etl.written_name_key(p_written_name)
       AND d.phone = coalesce(p_phone, '');
    IF found_id IS NULL THEN
        RETURN;
    END IF;
    decision_id := found_id;
    IF found_decision = 'ignore' OR found_customer IS NOT NULL THEN
        customer_id := found_customer;
        method := 'decision';
        reason := NULL;
        candidate_ids := '{}';
    ELSE
        -- the decided customer no longer exists: back to review, with whom the automatic match would offer
        customer_id := NULL;
        method := NULL;
        reason := 'DECISION_CUSTOMER_GONE';
        candidate_ids := ARRAY(SELECT DISTINCT x FROM unnest(auto_candidate_ids || auto_customer_id) AS x WHERE x IS NOT NULL ORDER BY 1);
    END IF;
END;
$$;

-- Down Migration
DROP FUNCTION IF EXISTS etl.match_customer(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT);
DROP FUNCTION IF EXISTS etl.link_decision(TEXT, TEXT, TEXT);
