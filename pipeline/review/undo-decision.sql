-- `review --undo ID`: takes back one recorded decision (its id in pg_temp.undo_target), inside the run's
-- transaction. The rows it settled (etl.match_decided) go back to what the automatic matching made of them
-- at their last load: linked by phone or name when it did (rare: the master changed since), else on the
-- review list with the reason, candidates and detail they had — or, for a lead no customer has, unlinked.
-- Kits and leads, whose final rows have no sheet line, are found by the decision's written name (and
-- phone) among the rows it settled, and all take the automatic outcome its rows had — always one for kits,
-- matched by the name alone; for leads, whose rules also weigh region, age and dates, rows that came out
-- differently stay unlinked until the next load of the lead list matches them again.
-- The decision goes last, and its etl.match_decided rows with it (ON DELETE CASCADE).

DROP TABLE IF EXISTS pg_temp.undone_rows, pg_temp.undone_outcome;

CREATE TEMP TABLE undone_rows ON COMMIT DROP AS
SELECT m.*, CASE WHEN m.auto_customer_id IS NULL THEN NULL ELSE m.auto_method END AS restored_method
  FROM etl.match_decided m
 WHERE m.decision_id = (SELECT decision_id FROM pg_temp.undo_target);

-- A decision whose customer is gone had its rows listed already (DECISION_CUSTOMER_GONE): listed anew below.
DELETE FROM etl.match_review r
 USING undone_rows u
 WHERE r.source = u.source AND r.file = u.file AND r.line = u.line;

UPDATE service_sessions t
   SET customer_id = u.auto_customer_id, match_status = CASE WHEN u.auto_customer_id IS NULL THEN 'review' ELSE 'matched' END,
       match_method = u.restored_method, updated_at = CURRENT_TIMESTAMP
  FROM undone_rows u
 WHERE u.source = 'sessions' AND t.source_file = u.file AND t.source_line = u.line;

UPDATE payments t
   SET customer_id = u.auto_customer_id, match_status = CASE WHEN u.auto_customer_id IS NULL THEN 'review' ELSE 'matched' END,
       match_method = u.restored_method, updated_at = CURRENT_TIMESTAMP
  FROM undone_rows u
 WHERE u.source = 'payments' AND t.source_file = u.file AND t.source_line = u.line;

-- The one automatic outcome of the kits' or leads' rows (NULL when they differ, or there are none).
CREATE TEMP TABLE undone_outcome ON COMMIT DROP AS
SELECT CASE WHEN count(DISTINCT coalesce(auto_customer_id::text, '-') || '/' || coalesce(restored_method, '-')) = 1 THEN min(auto_customer_id) END AS customer_id,
       CASE WHEN count(DISTINCT coalesce(auto_customer_id::text, '-') || '/' || coalesce(restored_method, '-')) = 1 THEN min(restored_method) END AS method
  FROM undone_rows
 WHERE source IN ('kits', 'leads');

UPDATE kit_receipts t
   SET customer_id = o.customer_id, match_method = o.method, updated_at = CURRENT_TIMESTAMP
  FROM pg_temp.undo_target d, undone_outcome o
 WHERE d.source = 'kits' AND etl.written_name_key(t.customer_name) = d.name_key AND t.match_method = 'decision';

UPDATE marketing_leads t
   SET converted_customer_id = o.customer_id, match_method = o.method, updated_at = CURRENT_TIMESTAMP
  FROM pg_temp.undo_target d, undone_outcome o
 WHERE d.source = 'leads' AND etl.written_name_key(t.name) = d.name_key AND coalesce(t.phone, t.phone_raw, '') = d.phone
   AND t.match_method = 'decision';

-- Back on the review list. A row whose automatic customer has been deleted since has no reason on record.
INSERT INTO etl.match_review (run_id, source, file, line, name, phone, candidate_ids, reason, detail)
SELECT current_setting('etl.run_id'), source, file, line, name, phone, candidate_ids, coalesce(reason, 'NO_MATCH'),
       coalesce(detail, 'a decision was undone; reload the sheet to match this row again')
  FROM undone_rows
 WHERE auto_customer_id IS NULL
   AND NOT (source = 'leads' AND reason = 'NO_MATCH');

DELETE FROM etl.link_decisions WHERE decision_id = (SELECT decision_id FROM pg_temp.undo_target);

SELECT count(*) FILTER (WHERE auto_customer_id IS NULL AND NOT (source = 'leads' AND reason = 'NO_MATCH'))::integer AS back_to_review,
       count(*) FILTER (WHERE auto_customer_id IS NOT NULL)::integer AS linked_automatically,
       count(*) FILTER (WHERE source = 'leads' AND reason = 'NO_MATCH' AND auto_customer_id IS NULL)::integer AS unlinked
  FROM undone_rows;
