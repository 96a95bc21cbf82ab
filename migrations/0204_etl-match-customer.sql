-- How a name from another sheet is linked to a customer (SOURCES.md §6): the phone first, a name alone
-- only when it is unique; everything else is a reason for the review list. Inputs come from
-- transforms/match-key.ts (name_key, or a blocker such as RELATIVE_OF) and a normalized phone.
-- Returns customer_id and method, or reason and candidate customers.

-- Up Migration
CREATE FUNCTION etl.match_customer(
    p_name_key TEXT, p_phone TEXT, p_blocker TEXT, p_relative_of_key TEXT,
    OUT customer_id INTEGER, OUT method TEXT, OUT reason TEXT, OUT candidate_ids INTEGER[])
LANGUAGE plpgsql STABLE AS $$
DECLARE
    by_name INTEGER[];
    by_phone INTEGER[] := '{}';
    both_ids INTEGER[];
    master_phone TEXT;
BEGIN
    candidate_ids := '{}';
    IF p_blocker IS NOT NULL THEN
        reason := p_blocker;
        IF p_relative_of_key IS NOT NULL THEN
            candidate_ids := ARRAY(SELECT c.customer_id FROM customers c WHERE c.name_key = p_relative_of_key ORDER BY 1);
        END IF;
        RETURN;
    END IF;
    by_name := ARRAY(SELECT c.customer_id FROM customers c WHERE c.name_key = p_name_key ORDER BY 1);
    IF p_phone IS NOT NULL THEN
        by_phone := ARRAY(SELECT c.customer_id FROM customers c WHERE c.phone = p_phone ORDER BY 1);
        both_ids := ARRAY(SELECT unnest(by_name) INTERSECT SELECT unnest(by_phone) ORDER BY 1);
        IF cardinality(both_ids) = 1 THEN
            customer_id := both_ids[1];
            method := 'name+phone';
            RETURN;
        END IF;
    END IF;
    IF cardinality(by_name) = 1 THEN
        SELECT c.phone INTO master_phone FROM customers c WHERE c.customer_id = by_name[1];
        IF p_phone IS NOT NULL AND master_phone IS NOT NULL THEN
            -- the sheet's phone contradicts the master's: the same name, maybe not the same person
            reason := 'PHONE_MISMATCH';
            candidate_ids := ARRAY(SELECT DISTINCT unnest(by_name || by_phone) ORDER BY 1);
            RETURN;
        END IF;
        customer_id := by_name[1];
        method := 'name';
        RETURN;
    END IF;
    IF cardinality(by_name) > 1 THEN
        reason := 'NAME_AMBIGUOUS';
        candidate_ids := by_name;
        RETURN;
    END IF;
    -- no customer has this name; a customer with this phone under another name is a lead for a person
    reason := CASE WHEN cardinality(by_phone) > 0 THEN 'PHONE_OTHER_NAME' ELSE 'NO_MATCH' END;
    candidate_ids := by_phone;
END;
$$;

-- Down Migration
DROP FUNCTION IF EXISTS etl.match_customer(TEXT, TEXT, TEXT, TEXT);
