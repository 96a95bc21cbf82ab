-- The kits merge: staging.kits → kit_receipts, inside the run's transaction. Never creates a customer.
-- 1. Rows with the same kit_key (serial + name) are one kit written twice: the last line is kept.
-- 2. Linked by etl.match_customer, as every sheet without a phone is: a decision the staff recorded for the
--    written name first (etl.link_decisions: a customer, or not a customer — method `decision`), else only
--    when exactly one customer has its name key (method `name`). Several customers with that name, none, a
--    relative (`김민지 어머님`), two people in one cell, or no name at all → etl.match_review with the
--    candidates and the reason; the kit still loads. Kits a decision settled → etl.match_decided.
-- 3. Upsert into kit_receipts by kit_key; a row changes only when one of its columns does.

DROP TABLE IF EXISTS pg_temp.kit_rows, pg_temp.kit_links, pg_temp.kit_merge_counts;
ANALYZE staging.kits;

CREATE TEMP TABLE kit_rows ON COMMIT DROP AS
SELECT DISTINCT ON (s.kit_key) s.*,
       count(*) OVER same_key AS row_count,
       array_agg(s.line) OVER same_key AS lines
  FROM staging.kits s
WINDOW same_key AS (PARTITION BY s.kit_key ORDER BY s.line ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
 ORDER BY s.kit_key, s.line DESC;

-- Why a kit is on the review list, for etl.match_review and (the automatic reason) etl.match_decided.
CREATE OR REPLACE FUNCTION pg_temp.kit_review_detail(reason text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE reason
               WHEN 'NAME_MISSING' THEN 'no customer name on the kit row'
               WHEN 'RELATIVE_OF' THEN 'a relative of a customer, not the customer'
               WHEN 'SEVERAL_PEOPLE' THEN 'two people in one name cell'
               WHEN 'NO_MATCH' THEN 'no customer has this name'
               WHEN 'NAME_AMBIGUOUS' THEN 'several customers have this name, and the kit list has no phone to tell them apart'
               WHEN 'DECISION_CUSTOMER_GONE' THEN 'a recorded decision linked this name to a customer who no longer exists: decide again or undo it'
           END
$$;

CREATE TEMP TABLE kit_links ON COMMIT DROP AS
SELECT k.kit_key, k.line, k.file, k.run_id, k.customer_name, m.reason, m.customer_id, m.method AS match_method, m.candidate_ids,
       pg_temp.kit_review_detail(m.reason) AS detail, m.decision_id, m.auto_customer_id, m.auto_method, m.auto_reason,
       m.auto_candidate_ids
  FROM kit_rows k
 CROSS JOIN LATERAL etl.match_customer('kits', k.customer_name, k.name_key, NULL, k.name_blocker, k.relative_of_key) m;

CREATE TEMP TABLE kit_merge_counts ON COMMIT DROP AS
WITH upserted AS (
    INSERT INTO kit_receipts AS r (
        kit_key, customer_id, customer_name, customer_name_raw, kit_type, serial_number, receipt_date, receipt_date_raw,
        result_received_date, result_received_raw, result_delivered_date, result_delivered_raw, match_method)
    SELECT k.kit_key, l.customer_id, k.customer_name, k.customer_name_raw, k.kit_type, k.serial_number, k.receipt_date,
           k.receipt_date_raw, k.result_received_date, k.result_received_raw, k.result_delivered_date,
           k.result_delivered_raw, l.match_method
      FROM kit_rows k
      JOIN kit_links l ON l.kit_key = k.kit_key
    ON CONFLICT (kit_key) DO UPDATE SET
        customer_id = EXCLUDED.customer_id, customer_name = EXCLUDED.customer_name,
        customer_name_raw = EXCLUDED.customer_name_raw, kit_type = EXCLUDED.kit_type,
        serial_number = EXCLUDED.serial_number, receipt_date = EXCLUDED.receipt_date,
        receipt_date_raw = EXCLUDED.receipt_date_raw, result_received_date = EXCLUDED.result_received_date,
        result_received_raw = EXCLUDED.result_received_raw, result_delivered_date = EXCLUDED.result_delivered_date,
        result_delivered_raw = EXCLUDED.result_delivered_raw, match_method = EXCLUDED.match_method,
        updated_at = CURRENT_TIMESTAMP
    WHERE (r.customer_id, r.customer_name, r.customer_name_raw, r.kit_type, r.serial_number, r.receipt_date,
           r.receipt_date_raw, r.result_received_date, r.result_received_raw, r.result_delivered_date,
           r.result_delivered_raw, r.match_method)
          IS DISTINCT FROM
          (EXCLUDED.customer_id, EXCLUDED.customer_name, EXCLUDED.customer_name_raw, EXCLUDED.kit_type,
           EXCLUDED.serial_number, EXCLUDED.receipt_date, EXCLUDED.receipt_date_raw, EXCLUDED.result_received_date,
           EXCLUDED.result_received_raw, EXCLUDED.result_delivered_date, EXCLUDED.result_delivered_raw,
           EXCLUDED.match_method)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::integer AS inserted,
       count(*) FILTER (WHERE NOT inserted)::integer AS updated
  FROM upserted;

-- The review list holds this source's current rows only.
-- The review list: only what differs from what is listed now is written (etl.replace_listed, 0700).
DROP TABLE IF EXISTS pg_temp.kits_review_fresh;
CREATE TEMP TABLE kits_review_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT run_id, 'kits', file, line, customer_name, NULL, candidate_ids, reason, detail
      FROM kit_links
     WHERE reason IS NOT NULL
) fresh(run_id, source, file, line, name, phone, candidate_ids, reason, detail);
SELECT etl.replace_listed('etl.match_review', 'pg_temp.kits_review_fresh', 'kits', NULL);

DROP TABLE IF EXISTS pg_temp.kits_decided_fresh;
CREATE TEMP TABLE kits_decided_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT run_id, 'kits', file, line, customer_name, NULL, decision_id, auto_customer_id, auto_method, auto_reason,
           auto_candidate_ids, pg_temp.kit_review_detail(auto_reason)
      FROM kit_links
     WHERE decision_id IS NOT NULL
) fresh(run_id, source, file, line, name, phone, decision_id, auto_customer_id, auto_method, reason, candidate_ids, detail);
SELECT etl.replace_listed('etl.match_decided', 'pg_temp.kits_decided_fresh', 'kits', NULL);

SELECT k.inserted,
       k.updated,
       ((SELECT count(*) FROM kit_rows) - k.inserted - k.updated)::integer AS unchanged,
       (SELECT COALESCE(sum(row_count - 1), 0) FROM kit_rows)::integer AS duplicates,
       (SELECT count(*) FROM kit_links WHERE customer_id IS NOT NULL)::integer AS matched,
       (SELECT count(*) FROM kit_links WHERE match_method = 'decision' AND customer_id IS NOT NULL)::integer AS matched_by_decision,
       (SELECT count(*) FROM kit_links WHERE match_method = 'decision' AND customer_id IS NULL)::integer AS ignored_by_decision,
       (SELECT count(*) FROM kit_links WHERE reason = 'DECISION_CUSTOMER_GONE')::integer AS decision_customer_gone,
       (SELECT count(*) FROM kit_links WHERE reason IS NOT NULL)::integer AS review
  FROM kit_merge_counts k;
