-- The customers merge: staging.customers → customers, inside the run's transaction.
-- 1. Rows with the same normalized name and the same valid phone (dedupe_key) are one customer: the
--    lowest ledger number becomes customer_id, the others are kept in merged_ledger_numbers, and each
--    column takes the newest non-empty value (latest first visit, then highest number), gaps filled
--    from the older rows. Rows without a key (no valid phone, two people in one cell) stay alone.
-- 2. Insert the new customers, update those whose ledger columns changed; loading the same file twice
--    changes nothing. A large first load builds the indexes once afterwards (etl.bulk_begin/bulk_end).
-- 3. One customer_preferences row per customer carries the health interests from 호소문제.
-- 4. A customer loaded earlier under a number this file merges into another (a duplicate row noticed after
--    the first load) is absorbed: whatever points at it (kits, leads, sessions, payments …) moves to the
--    surviving customer, and its own row goes. Its preferences and analytics are the survivor's now.

DROP TABLE IF EXISTS pg_temp.customer_dup_keys, pg_temp.merged_customers, pg_temp.customer_changes,
    pg_temp.customer_merge_counts,
    pg_temp.preference_changes, pg_temp.customer_absorbed;
ANALYZE staging.customers;

CREATE TEMP TABLE customer_dup_keys ON COMMIT DROP AS
SELECT dedupe_key
  FROM staging.customers
 WHERE dedupe_key IS NOT NULL
 GROUP BY dedupe_key
HAVING count(*) > 1;
ANALYZE customer_dup_keys;

CREATE TEMP TABLE merged_customers ON COMMIT DROP AS
SELECT s.ledger_no AS customer_id, s.name, s.name_raw, s.phone, s.phone_raw, s.phone_status, s.first_visit_date,
       s.region, s.referral_source, s.referral_detail, s.review_suggestion, s.testimonial_suggestion,
       s.file_location, s.health_concerns, s.health_interests, s.notes, s.assigned_staff, s.birth_year,
       '{}'::integer[] AS merged_ledger_numbers, 1 AS row_count
  FROM staging.customers s
 WHERE s.dedupe_key IS NULL
    OR NOT EXISTS (SELECT 1 FROM customer_dup_keys d WHERE d.dedupe_key = s.dedupe_key)
UNION ALL
SELECT min(s.ledger_no),
       (array_agg(s.name ORDER BY s.first_visit_date DESC NULLS LAST, s.ledger_no DESC))[1],
       (array_agg(s.name_raw ORDER BY s.first_visit_date DESC NULLS LAST, s.ledger_no DESC))[1],
       min(s.phone),
       (array_agg(s.phone_raw ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.phone_raw IS NOT NULL))[1],
       (array_agg(s.phone_status ORDER BY s.first_visit_date DESC NULLS LAST, s.ledger_no DESC))[1],
       -- the first visit of a merged customer is the earliest of their rows
       min(s.first_visit_date),
       (array_agg(s.region ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.region IS NOT NULL))[1],
       (array_agg(s.referral_source ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.referral_source IS NOT NULL))[1],
       (array_agg(s.referral_detail ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.referral_detail IS NOT NULL))[1],
       (array_agg(s.review_suggestion ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.review_suggestion IS NOT NULL))[1],
       (array_agg(s.testimonial_suggestion ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.testimonial_suggestion IS NOT NULL))[1],
       (array_agg(s.file_location ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.file_location IS NOT NULL))[1],
       (array_agg(s.health_concerns ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.health_concerns IS NOT NULL))[1],
       -- arrays cannot be aggregated into an array of arrays of different lengths: go through text
       ((array_agg(s.health_interests::text ORDER BY s.first_visit_date DESC NULLS LAST, s.ledger_no DESC)
         FILTER (WHERE cardinality(s.health_interests) > 0))[1])::text[],
       (array_agg(s.notes ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.notes IS NOT NULL))[1],
       (array_agg(s.assigned_staff ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.assigned_staff IS NOT NULL))[1],
       (array_agg(s.birth_year ORDER BY s.first_visit_date DESC NULLS LAST,
        s.ledger_no DESC) FILTER (WHERE s.birth_year IS NOT NULL))[1],
       array_remove(array_agg(s.ledger_no ORDER BY s.ledger_no), min(s.ledger_no)),
       count(*)::integer
  FROM staging.customers s
  JOIN customer_dup_keys d ON d.dedupe_key = s.dedupe_key
 GROUP BY s.dedupe_key;

-- Only customers that are new, or whose ledger columns changed, are written: a rerun writes nothing.
CREATE TEMP TABLE customer_changes ON COMMIT DROP AS
SELECT m.*, (c.customer_id IS NULL) AS is_new
  FROM merged_customers m
  LEFT JOIN customers c ON c.customer_id = m.customer_id
 WHERE c.customer_id IS NULL
    OR (c.name, c.name_raw, c.phone, c.phone_raw, c.phone_status, c.first_visit_date, c.region,
        c.referral_source, c.referral_detail, c.review_suggestion, c.testimonial_suggestion, c.file_location,
        c.health_concerns, c.notes, c.assigned_staff, c.birth_year, c.merged_ledger_numbers)
       IS DISTINCT FROM
       (m.name, m.name_raw, m.phone, m.phone_raw, m.phone_status, m.first_visit_date, m.region,
        m.referral_source, m.referral_detail, m.review_suggestion, m.testimonial_suggestion, m.file_location,
        m.health_concerns, m.notes, m.assigned_staff, m.birth_year, m.merged_ledger_numbers);

-- A first load of a large ledger: indexes built once after the rows are in, not row by row.
SELECT etl.bulk_begin('customers', (SELECT count(*) FROM customer_changes));

-- A new customer starts with the statistics of someone whose only visit is their 첫방문일 (the §6 rules of
-- migration 0500), so the statistics step afterwards rewrites only customers with sessions or payments.
-- as_of is MATERIALIZED: inlined, current_setting(…)::date would be read and parsed five times per row
-- (9.9 s → 5.2 s for a million new customers).
CREATE TEMP TABLE customer_merge_counts ON COMMIT DROP AS
WITH as_of AS MATERIALIZED (
    SELECT current_setting('etl.as_of')::date AS day
), inserted AS (
    INSERT INTO customers (
        customer_id, name, name_raw, phone, phone_raw, phone_status, first_visit_date, region, referral_source,
            referral_detail, review_suggestion, testimonial_suggestion, file_location, health_concerns, notes,
            assigned_staff, birth_year, merged_ledger_numbers,
        last_visit_date, total_visits, total_revenue, customer_status, membership_level, risk_level)
    SELECT m.customer_id, m.name, m.name_raw, m.phone, m.phone_raw, m.phone_status, m.first_visit_date,
        m.region, m.referral_source, m.referral_detail, m.review_suggestion, m.testimonial_suggestion,
        m.file_location, m.health_concerns, m.notes, m.assigned_staff, m.birth_year, m.merged_ledger_numbers,
           v.last_visit, (v.last_visit IS NOT NULL)::integer, 0,
           etl.customer_status(a.day - v.last_visit),
           etl.membership_level(0, coalesce((v.last_visit > a.day - 365)::integer, 0)),
           etl.churn_risk(a.day - v.last_visit)
      FROM customer_changes m
     CROSS JOIN as_of a
     CROSS JOIN LATERAL (SELECT CASE WHEN m.first_visit_date <= a.day THEN m.first_visit_date END AS last_visit) v
     WHERE m.is_new
    RETURNING 1
), updated AS (
    UPDATE customers c
       SET name = m.name, name_raw = m.name_raw, phone = m.phone, phone_raw = m.phone_raw,
           phone_status = m.phone_status, first_visit_date = m.first_visit_date, region = m.region,
           referral_source = m.referral_source, referral_detail = m.referral_detail,
           review_suggestion = m.review_suggestion, testimonial_suggestion = m.testimonial_suggestion,
           file_location = m.file_location, health_concerns = m.health_concerns, notes = m.notes,
           assigned_staff = m.assigned_staff, birth_year = m.birth_year,
           merged_ledger_numbers = m.merged_ledger_numbers,
           updated_at = CURRENT_TIMESTAMP
      FROM customer_changes m
     WHERE c.customer_id = m.customer_id AND NOT m.is_new
    RETURNING 1
)
SELECT (SELECT count(*) FROM inserted)::integer AS inserted,
       (SELECT count(*) FROM updated)::integer AS updated;

SELECT etl.bulk_end('customers');

CREATE TEMP TABLE preference_changes ON COMMIT DROP AS
SELECT m.customer_id, NULLIF(m.health_interests, '{}') AS health_interests, (p.customer_id IS NULL) AS is_new
  FROM merged_customers m
  LEFT JOIN customer_preferences p ON p.customer_id = m.customer_id
 WHERE p.customer_id IS NULL
    OR p.health_interests IS DISTINCT FROM NULLIF(m.health_interests, '{}');

SELECT etl.bulk_begin('customer_preferences', (SELECT count(*) FROM preference_changes));

INSERT INTO customer_preferences (customer_id, health_interests)
SELECT customer_id, health_interests FROM preference_changes WHERE is_new;

UPDATE customer_preferences p
   SET health_interests = c.health_interests, updated_at = CURRENT_TIMESTAMP
  FROM preference_changes c
 WHERE p.customer_id = c.customer_id AND NOT c.is_new;

SELECT etl.bulk_end('customer_preferences');

CREATE TEMP TABLE customer_absorbed ON COMMIT DROP AS
SELECT m.customer_id AS survivor, n.absorbed
  FROM merged_customers m
 CROSS JOIN LATERAL unnest(m.merged_ledger_numbers) AS n(absorbed)
 WHERE m.row_count > 1
   AND EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = n.absorbed);

DO $$
DECLARE
    fk RECORD;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_temp.customer_absorbed) THEN
        RETURN;
    END IF;
    DELETE FROM customer_preferences p USING pg_temp.customer_absorbed a WHERE p.customer_id = a.absorbed;
    DELETE FROM customer_analytics t USING pg_temp.customer_absorbed a WHERE t.customer_id = a.absorbed;
    FOR fk IN
        SELECT c.conrelid::regclass AS tbl, a.attname AS col
          FROM pg_constraint c
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND c.confrelid = 'customers'::regclass
    LOOP
        EXECUTE format('UPDATE %s t SET %I = a.survivor FROM pg_temp.customer_absorbed a WHERE t.%I = a.absorbed',
            fk.tbl, fk.col, fk.col);
    END LOOP;
    DELETE FROM customers c USING pg_temp.customer_absorbed a WHERE c.customer_id = a.absorbed;
END $$;

-- Customers added later by the center's system get numbers after the ledger's.
SELECT setval(pg_get_serial_sequence('customers', 'customer_id'),
    GREATEST((SELECT max(customer_id) FROM customers), 1));

SELECT k.inserted,
       k.updated,
       ((SELECT count(*) FROM merged_customers) - k.inserted - k.updated)::integer AS unchanged,
       (SELECT COALESCE(sum(row_count - 1), 0) FROM merged_customers)::integer AS duplicates
  FROM customer_merge_counts k;
