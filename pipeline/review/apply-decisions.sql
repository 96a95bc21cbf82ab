-- Settles at once the open review rows of the decisions `review --apply` just recorded (their ids in
-- pg_temp.applied_decisions), inside the run's transaction, as the next load of each sheet would:
-- 1. the rows: every open etl.match_review row of each decided case (source, written name, phone);
-- 2. their final rows get the decided customer (match_method 'decision'), or none and match_status 'ignored'
--    for a row decided not to be a customer's: sessions and payments by sheet line; kits and leads, whose
--    final rows have no line, by the same written name (and phone) among the rows still unlinked;
-- 3. they leave etl.match_review for etl.match_decided, which keeps the reason they had for `review --undo`
--    (a row already there — its decided customer was gone — keeps what the automatic match said);
-- 4. the last SELECT counts the rows per source and decision.

DROP TABLE IF EXISTS pg_temp.settled_rows;

CREATE TEMP TABLE settled_rows ON COMMIT DROP AS
SELECT r.ctid AS review_ctid, r.source, r.file, r.line, r.name, r.phone, r.reason, r.candidate_ids, r.detail,
       d.decision_id, d.decision, d.customer_id, d.name_key, d.phone AS phone_key
  FROM etl.match_review r
  JOIN etl.link_decisions d
    ON d.source = r.source AND d.name_key = etl.written_name_key(r.name) AND d.phone = coalesce(r.phone, '')
 WHERE d.decision_id IN (SELECT decision_id FROM pg_temp.applied_decisions)
   AND r.reason <> 'NAME_MISSING';

UPDATE service_sessions t
   SET customer_id = s.customer_id, match_status = CASE WHEN s.customer_id IS NULL THEN 'ignored' ELSE 'matched' END,
       match_method = 'decision', updated_at = CURRENT_TIMESTAMP
  FROM settled_rows s
 WHERE s.source = 'sessions' AND t.source_file = s.file AND t.source_line = s.line;

UPDATE payments t
   SET customer_id = s.customer_id, match_status = CASE WHEN s.customer_id IS NULL THEN 'ignored' ELSE 'matched' END,
       match_method = 'decision', updated_at = CURRENT_TIMESTAMP
  FROM settled_rows s
 WHERE s.source = 'payments' AND t.source_file = s.file AND t.source_line = s.line;

UPDATE kit_receipts t
   SET customer_id = s.customer_id, match_method = 'decision', updated_at = CURRENT_TIMESTAMP
  FROM (SELECT DISTINCT name_key, customer_id FROM settled_rows WHERE source = 'kits') s
 WHERE etl.written_name_key(t.customer_name) = s.name_key AND t.customer_id IS NULL AND t.match_method IS NULL;

UPDATE marketing_leads t
   SET converted_customer_id = s.customer_id, match_method = 'decision', updated_at = CURRENT_TIMESTAMP
  FROM (SELECT DISTINCT name_key, phone_key, customer_id FROM settled_rows WHERE source = 'leads') s
 WHERE etl.written_name_key(t.name) = s.name_key AND coalesce(t.phone, t.phone_raw, '') = s.phone_key
   AND t.converted_customer_id IS NULL AND t.match_method IS NULL;

INSERT INTO etl.match_decided (run_id, source, file, line, name, phone, decision_id, reason, candidate_ids, detail)
SELECT current_setting('etl.run_id'), source, file, line, name, phone, decision_id, reason, candidate_ids, detail
  FROM settled_rows
ON CONFLICT ON CONSTRAINT match_decided_row_key DO UPDATE SET decision_id = EXCLUDED.decision_id;

DELETE FROM etl.match_review WHERE ctid IN (SELECT review_ctid FROM settled_rows);

SELECT count(*) FILTER (WHERE source = 'sessions' AND decision = 'link')::integer AS sessions_linked,
       count(*) FILTER (WHERE source = 'sessions' AND decision = 'ignore')::integer AS sessions_ignored,
       count(*) FILTER (WHERE source = 'payments' AND decision = 'link')::integer AS payments_linked,
       count(*) FILTER (WHERE source = 'payments' AND decision = 'ignore')::integer AS payments_ignored,
       count(*) FILTER (WHERE source = 'kits' AND decision = 'link')::integer AS kits_linked,
       count(*) FILTER (WHERE source = 'kits' AND decision = 'ignore')::integer AS kits_ignored,
       count(*) FILTER (WHERE source = 'leads' AND decision = 'link')::integer AS leads_linked,
       count(*) FILTER (WHERE source = 'leads' AND decision = 'ignore')::integer AS leads_ignored
  FROM settled_rows;
