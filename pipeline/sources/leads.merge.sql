-- The leads merge: staging.leads → marketing_leads, inside the run's transaction. Never creates a customer.
-- 1. Rows with the same lead_key (name, phone, entry date) are one inquiry written twice: the last line is kept.
-- 2. Each lead is linked to a customer, set-based, or sent to etl.match_review with candidates and a reason:
--    0. a decision the staff recorded for the written name and phone (etl.link_decisions) comes first: the
--       customer it names (method `decision`), or not a customer (unlinked, off the review list); the
--       leads it settled go to etl.match_decided with what the rules below made of them;
--    a. a name that is a relative (`김민지 어머님`) or two people is never linked;
--    b. the same phone as a customer with the same name → linked (method `phone`); the phone of a customer
--       with another name (a family phone) → review;
--    c. else the name key of exactly one customer, backed by a second signal — the same district (`강서` ~
--       `서울 강서구`), the age matching the birth year (±1), or registration / a held visit within 30 days
--       of the customer's first visit — and no conflicting phone → linked (`name+region` …); else review.
-- 3. Upsert into marketing_leads by lead_key; a row changes only when one of its columns does, so
--    loading the same file twice changes nothing.

DROP TABLE IF EXISTS pg_temp.lead_rows, pg_temp.lead_links, pg_temp.lead_merge_counts;
ANALYZE staging.leads;

-- The place words of a region without their suffix and without the province: `서울 강서구 화곡동` →
-- {강서, 화곡}; `강서 방화동` → {강서, 방화}; `인천 부평구` → {부평}. Two regions agree when they share one.
CREATE OR REPLACE FUNCTION pg_temp.region_places(region text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(DISTINCT place), '{}')
      FROM (SELECT regexp_replace(word, '(특별자치시|특별자치도|특별시|광역시|시|군|구|읍|면|동)$', '') AS place
              FROM regexp_split_to_table(coalesce($1, ''), '[\s,/()]+') AS word) w
     WHERE place <> ''
       AND place NOT IN ('서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '경기', '경기도', '강원', '강원도',
                         '충북', '충남', '전북', '전남', '경북', '경남', '제주', '제주도')
$$;

CREATE TEMP TABLE lead_rows ON COMMIT DROP AS
SELECT DISTINCT ON (s.lead_key) s.*,
       count(*) OVER same_key AS row_count,
       array_agg(s.line) OVER same_key AS lines
  FROM staging.leads s
WINDOW same_key AS (PARTITION BY s.lead_key ORDER BY s.line ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
 ORDER BY s.lead_key, s.line DESC;
ANALYZE lead_rows;

CREATE TEMP TABLE lead_links ON COMMIT DROP AS
WITH hits AS (
    SELECT l.lead_key, l.line, l.file, l.run_id, l.name, coalesce(l.phone, l.phone_raw) AS phone_written, l.phone,
           l.name_key, l.name_blocker, l.status, l.region, l.birth_year, l.registration_date,
           CASE WHEN l.visit_consult_outcome = 'held' THEN l.visit_consult_date END AS visit_date,
           coalesce((SELECT array_agg(c.customer_id ORDER BY c.customer_id) FROM customers c WHERE c.phone = l.phone), '{}') AS by_phone,
           coalesce((SELECT array_agg(c.customer_id ORDER BY c.customer_id) FROM customers c
                      WHERE c.phone = l.phone AND c.name_key = l.name_key), '{}') AS by_phone_and_name,
           coalesce((SELECT array_agg(c.customer_id ORDER BY c.customer_id) FROM customers c WHERE c.name_key = l.name_key), '{}') AS by_name,
           coalesce((SELECT array_agg(c.customer_id ORDER BY c.customer_id) FROM customers c WHERE c.name_key = l.relative_of_key), '{}') AS relatives
      FROM lead_rows l
),
signals AS (
    SELECT h.*, c.phone AS candidate_phone,
           array_remove(ARRAY[
               CASE WHEN pg_temp.region_places(h.region) && pg_temp.region_places(c.region) THEN 'region' END,
               CASE WHEN abs(h.birth_year - c.birth_year) <= 1 THEN 'age' END,
               CASE WHEN abs(h.registration_date - c.first_visit_date) <= 30
                      OR abs(h.visit_date - c.first_visit_date) <= 30 THEN 'first-visit' END
           ], NULL) AS agreeing
      FROM hits h
      LEFT JOIN customers c ON cardinality(h.by_phone) = 0 AND cardinality(h.by_name) = 1 AND c.customer_id = h.by_name[1]
),
decided AS (
    SELECT s.*,
           CASE
               WHEN s.name_blocker IS NOT NULL THEN s.name_blocker
               WHEN cardinality(s.by_phone_and_name) = 1 THEN NULL
               WHEN cardinality(s.by_phone_and_name) > 1 THEN 'PHONE_AND_NAME_SHARED'
               WHEN cardinality(s.by_phone) > 0 THEN 'PHONE_NAME_DIFFERS'
               WHEN cardinality(s.by_name) = 0 AND s.status = 'converted' THEN 'NO_MATCH_REGISTERED'
               WHEN cardinality(s.by_name) = 0 THEN 'NO_MATCH'
               WHEN cardinality(s.by_name) > 1 THEN 'NAME_AMBIGUOUS'
               WHEN s.phone IS NOT NULL AND s.candidate_phone IS NOT NULL THEN 'PHONE_DIFFERS'
               WHEN cardinality(s.agreeing) = 0 THEN 'NAME_ONLY'
           END AS reason
      FROM signals s
),
-- What the rules make of each lead; the staff's decision, if any, is laid over it below.
automatic AS (
    SELECT d.lead_key, d.line, d.file, d.run_id, d.name, d.phone_written, d.name_blocker, d.reason,
           CASE WHEN d.reason IS NOT NULL THEN NULL
                WHEN cardinality(d.by_phone_and_name) = 1 THEN d.by_phone_and_name[1]
                ELSE d.by_name[1] END AS customer_id,
           CASE WHEN d.reason IS NOT NULL THEN NULL
                WHEN cardinality(d.by_phone_and_name) = 1 THEN 'phone'
                ELSE 'name+' || array_to_string(d.agreeing, '+') END AS match_method,
           CASE d.reason
               WHEN 'RELATIVE_OF' THEN d.relatives || d.by_phone
               WHEN 'SEVERAL_PEOPLE' THEN d.by_phone
               WHEN 'PHONE_AND_NAME_SHARED' THEN d.by_phone_and_name
               WHEN 'PHONE_NAME_DIFFERS' THEN d.by_phone
               ELSE d.by_name
           END AS candidate_ids,
           CASE d.reason
               WHEN 'RELATIVE_OF' THEN 'a relative of a customer, not the customer: link by hand if the lead is the relative''s own'
               WHEN 'SEVERAL_PEOPLE' THEN 'two people in one name cell'
               WHEN 'PHONE_AND_NAME_SHARED' THEN 'several customers have this name and phone'
               WHEN 'PHONE_NAME_DIFFERS' THEN 'the phone is a customer''s under another name (a family phone?)'
               WHEN 'NO_MATCH_REGISTERED' THEN 'registered (등록일) but no customer has this phone or name'
               WHEN 'NO_MATCH' THEN 'no customer has this phone or name: a lead who has not become a customer'
               WHEN 'NAME_AMBIGUOUS' THEN 'several customers have this name and none has this phone'
               WHEN 'PHONE_DIFFERS' THEN 'one customer has this name, with another phone'
               WHEN 'NAME_ONLY' THEN 'one customer has this name, but nothing else agrees (region, age, first visit)'
           END AS detail
      FROM decided d
)
SELECT a.lead_key, a.line, a.file, a.run_id, a.name, a.phone_written, k.decision_id,
       CASE WHEN k.decision_id IS NULL THEN a.reason
            WHEN k.decision = 'link' AND k.customer_id IS NULL THEN 'DECISION_CUSTOMER_GONE' END AS reason,
       CASE WHEN k.decision_id IS NULL THEN a.customer_id ELSE k.customer_id END AS customer_id,
       CASE WHEN k.decision_id IS NULL THEN a.match_method
            WHEN k.decision = 'ignore' OR k.customer_id IS NOT NULL THEN 'decision' END AS match_method,
       CASE WHEN k.decision_id IS NULL THEN a.candidate_ids
            WHEN k.decision = 'link' AND k.customer_id IS NULL
            THEN ARRAY(SELECT DISTINCT x FROM unnest(a.candidate_ids || a.customer_id) AS x WHERE x IS NOT NULL ORDER BY 1)
            ELSE '{}' END AS candidate_ids,
       CASE WHEN k.decision_id IS NULL THEN a.detail
            WHEN k.decision = 'link' AND k.customer_id IS NULL
            THEN 'a recorded decision linked this name to a customer who no longer exists: decide again or undo it' END AS detail,
       a.customer_id AS auto_customer_id, a.match_method AS auto_method, a.reason AS auto_reason,
       a.candidate_ids AS auto_candidate_ids, a.detail AS auto_detail
  FROM automatic a
  LEFT JOIN LATERAL etl.link_decision('leads', a.name, a.phone_written) k
    ON a.name_blocker IS DISTINCT FROM 'NAME_MISSING';

CREATE TEMP TABLE lead_merge_counts ON COMMIT DROP AS
WITH upserted AS (
    INSERT INTO marketing_leads AS m (
        lead_key, name, name_raw, phone, phone_raw, phone_status, age, region, lead_channel, db_channel, carrot_id,
        ad_watched, price_informed, ab_test_group, db_entry_date, db_entry_raw, phone_consult_date, phone_consult_outcome,
        phone_consult_raw, reminder_contact_date, reminder_contact_outcome, reminder_contact_raw, visit_consult_date,
        visit_consult_outcome, visit_consult_raw, visit_cancel_reason, registration_date, registration_raw,
        purchased_product, no_registration_reason, notes, purchase_marked, revenue, revenue_note, status,
        converted_customer_id, match_method)
    SELECT l.lead_key, l.name, l.name_raw, l.phone, l.phone_raw, l.phone_status, l.age, l.region, l.lead_channel,
           l.db_channel, l.carrot_id, l.ad_watched, l.price_informed, l.ab_test_group, l.db_entry_date, l.db_entry_raw,
           l.phone_consult_date, l.phone_consult_outcome, l.phone_consult_raw, l.reminder_contact_date,
           l.reminder_contact_outcome, l.reminder_contact_raw, l.visit_consult_date, l.visit_consult_outcome,
           l.visit_consult_raw, l.visit_cancel_reason, l.registration_date, l.registration_raw, l.purchased_product,
           l.no_registration_reason, l.notes, l.purchase_marked, l.revenue, l.revenue_note, l.status,
           k.customer_id, k.match_method
      FROM lead_rows l
      JOIN lead_links k ON k.lead_key = l.lead_key
    ON CONFLICT (lead_key) DO UPDATE SET
        name = EXCLUDED.name, name_raw = EXCLUDED.name_raw, phone = EXCLUDED.phone, phone_raw = EXCLUDED.phone_raw,
        phone_status = EXCLUDED.phone_status, age = EXCLUDED.age, region = EXCLUDED.region,
        lead_channel = EXCLUDED.lead_channel, db_channel = EXCLUDED.db_channel, carrot_id = EXCLUDED.carrot_id,
        ad_watched = EXCLUDED.ad_watched, price_informed = EXCLUDED.price_informed, ab_test_group = EXCLUDED.ab_test_group,
        db_entry_date = EXCLUDED.db_entry_date, db_entry_raw = EXCLUDED.db_entry_raw,
        phone_consult_date = EXCLUDED.phone_consult_date, phone_consult_outcome = EXCLUDED.phone_consult_outcome,
        phone_consult_raw = EXCLUDED.phone_consult_raw, reminder_contact_date = EXCLUDED.reminder_contact_date,
        reminder_contact_outcome = EXCLUDED.reminder_contact_outcome, reminder_contact_raw = EXCLUDED.reminder_contact_raw,
        visit_consult_date = EXCLUDED.visit_consult_date, visit_consult_outcome = EXCLUDED.visit_consult_outcome,
        visit_consult_raw = EXCLUDED.visit_consult_raw, visit_cancel_reason = EXCLUDED.visit_cancel_reason,
        registration_date = EXCLUDED.registration_date, registration_raw = EXCLUDED.registration_raw,
        purchased_product = EXCLUDED.purchased_product, no_registration_reason = EXCLUDED.no_registration_reason,
        notes = EXCLUDED.notes, purchase_marked = EXCLUDED.purchase_marked, revenue = EXCLUDED.revenue,
        revenue_note = EXCLUDED.revenue_note, status = EXCLUDED.status,
        converted_customer_id = EXCLUDED.converted_customer_id, match_method = EXCLUDED.match_method,
        updated_at = CURRENT_TIMESTAMP
    WHERE (m.name, m.name_raw, m.phone, m.phone_raw, m.phone_status, m.age, m.region, m.lead_channel, m.db_channel,
           m.carrot_id, m.ad_watched, m.price_informed, m.ab_test_group, m.db_entry_date, m.db_entry_raw,
           m.phone_consult_date, m.phone_consult_outcome, m.phone_consult_raw, m.reminder_contact_date,
           m.reminder_contact_outcome, m.reminder_contact_raw, m.visit_consult_date, m.visit_consult_outcome,
           m.visit_consult_raw, m.visit_cancel_reason, m.registration_date, m.registration_raw, m.purchased_product,
           m.no_registration_reason, m.notes, m.purchase_marked, m.revenue, m.revenue_note, m.status,
           m.converted_customer_id, m.match_method)
          IS DISTINCT FROM
          (EXCLUDED.name, EXCLUDED.name_raw, EXCLUDED.phone, EXCLUDED.phone_raw, EXCLUDED.phone_status, EXCLUDED.age,
           EXCLUDED.region, EXCLUDED.lead_channel, EXCLUDED.db_channel, EXCLUDED.carrot_id, EXCLUDED.ad_watched,
           EXCLUDED.price_informed, EXCLUDED.ab_test_group, EXCLUDED.db_entry_date, EXCLUDED.db_entry_raw,
           EXCLUDED.phone_consult_date, EXCLUDED.phone_consult_outcome, EXCLUDED.phone_consult_raw,
           EXCLUDED.reminder_contact_date, EXCLUDED.reminder_contact_outcome, EXCLUDED.reminder_contact_raw,
           EXCLUDED.visit_consult_date, EXCLUDED.visit_consult_outcome, EXCLUDED.visit_consult_raw,
           EXCLUDED.visit_cancel_reason, EXCLUDED.registration_date, EXCLUDED.registration_raw,
           EXCLUDED.purchased_product, EXCLUDED.no_registration_reason, EXCLUDED.notes, EXCLUDED.purchase_marked,
           EXCLUDED.revenue, EXCLUDED.revenue_note, EXCLUDED.status, EXCLUDED.converted_customer_id,
           EXCLUDED.match_method)
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::integer AS inserted,
       count(*) FILTER (WHERE NOT inserted)::integer AS updated
  FROM upserted;

-- The review list holds this source's current rows only. A lead whose phone and name no customer has
-- (NO_MATCH) is a lead who has not become a customer: nothing to review, counted as unlinked.
-- The review list: only what differs from what is listed now is written (etl.replace_listed, 0700).
DROP TABLE IF EXISTS pg_temp.leads_review_fresh;
CREATE TEMP TABLE leads_review_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT run_id, 'leads', file, line, name, phone_written, candidate_ids, reason, detail
      FROM lead_links
     WHERE reason IS NOT NULL AND reason <> 'NO_MATCH'
) fresh(run_id, source, file, line, name, phone, candidate_ids, reason, detail);
SELECT etl.replace_listed('etl.match_review', 'pg_temp.leads_review_fresh', 'leads', NULL);

DROP TABLE IF EXISTS pg_temp.leads_decided_fresh;
CREATE TEMP TABLE leads_decided_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT run_id, 'leads', file, line, name, phone_written, decision_id, auto_customer_id, auto_method, auto_reason,
           auto_candidate_ids, auto_detail
      FROM lead_links
     WHERE decision_id IS NOT NULL
) fresh(run_id, source, file, line, name, phone, decision_id, auto_customer_id, auto_method, reason, candidate_ids, detail);
SELECT etl.replace_listed('etl.match_decided', 'pg_temp.leads_decided_fresh', 'leads', NULL);

SELECT k.inserted,
       k.updated,
       ((SELECT count(*) FROM lead_rows) - k.inserted - k.updated)::integer AS unchanged,
       (SELECT COALESCE(sum(row_count - 1), 0) FROM lead_rows)::integer AS duplicates,
       (SELECT count(*) FROM lead_links WHERE customer_id IS NOT NULL)::integer AS matched,
       (SELECT count(*) FROM lead_links WHERE match_method = 'decision' AND customer_id IS NOT NULL)::integer AS matched_by_decision,
       (SELECT count(*) FROM lead_links WHERE match_method = 'decision' AND customer_id IS NULL)::integer AS ignored_by_decision,
       (SELECT count(*) FROM lead_links WHERE reason = 'DECISION_CUSTOMER_GONE')::integer AS decision_customer_gone,
       (SELECT count(*) FROM lead_links WHERE reason IS NOT NULL AND reason <> 'NO_MATCH')::integer AS review,
       (SELECT count(*) FROM lead_links WHERE reason = 'NO_MATCH')::integer AS unlinked
  FROM lead_merge_counts k;
