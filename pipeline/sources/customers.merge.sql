-- The customers merge: staging.customers → customers, inside the run's transaction. The table may be the
-- center's own, holding customers the app made and pointed at by the app's tables; nothing here
-- renumbers or deletes a row the app made, and an app row that is not in the ledger is never written.
-- 1. Rows with the same normalized name and the same valid phone (dedupe_key) are one customer: the
--    lowest ledger number is theirs (ledger_number), the others are kept in merged_ledger_numbers, and
--    each column takes the newest non-empty value (latest first visit, then highest number), gaps filled
--    from the older rows. Rows without a key (no valid phone, two people in one cell) stay alone.
-- 2. Each ledger customer is then, in this order of evidence:
--    - existing: the row an earlier load made or adopted for one of its ledger numbers;
--    - adopt: else the one app row (no ledger number yet) with the same normalized name and valid phone —
--      the same person, who keeps the app's customer_id (so the app's rows that point at it stay valid),
--      gets the ledger number, and only the values the app left empty;
--    - review: else, when several app rows have that name and phone, it is listed, never guessed;
--    - insert: else a new customer, under customer_id = 번호 when that id is free (always, on an empty
--      table) and the next value of the table's own sequence when the app has it.
-- 3. The app's edits win: a column the app changed since (customers.app_edited_columns, migration 0506),
--    or filled before it was adopted, keeps the app's value; where the ledger says otherwise the run
--    reports a conflict with both values (customer_conflicts).
-- 4. One customer_preferences row per customer carries the health interests from 호소문제.
-- 5. A customer an earlier load made under a number this file merges into another (a duplicate noticed
--    later) is absorbed: whatever points at it moves to the surviving customer, and its row goes. The
--    app's tables that point at it are logged for undo here (the tool's own tables log themselves).
-- Loading the same file twice changes nothing. A large first load into this tool's own empty table
-- builds the indexes once afterwards (etl.bulk_begin/bulk_end).

DROP VIEW IF EXISTS pg_temp.customer_new_rows;
DROP TABLE IF EXISTS pg_temp.customer_dup_keys, pg_temp.customer_plan, pg_temp.customer_changes,
    pg_temp.customer_bulk, pg_temp.customer_written, pg_temp.customer_careful, pg_temp.customer_column_decisions,
    pg_temp.customer_conflicts, pg_temp.preference_changes, pg_temp.customer_absorbed;
ANALYZE staging.customers;

CREATE TEMP TABLE customer_dup_keys ON COMMIT DROP AS
SELECT dedupe_key
  FROM staging.customers
 WHERE dedupe_key IS NOT NULL
 GROUP BY dedupe_key
HAVING count(*) > 1;
ANALYZE customer_dup_keys;

-- New customers take ids after every id the table has and every 번호 this file brings: the sequence
-- moves past them first (nextval, then never backwards), so no id the app draws meanwhile is a 번호. Only
-- when some ledger row is not in the table yet: a rerun draws nothing.
SELECT setval(pg_get_serial_sequence('customers', 'customer_id'),
              GREATEST(nextval(pg_get_serial_sequence('customers', 'customer_id')),
                       (SELECT max(ledger_no) FROM staging.customers),
                       (SELECT coalesce(max(customer_id), 0) FROM customers)))
 WHERE EXISTS (SELECT 1 FROM staging.customers s WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.ledger_number = s.ledger_no));

-- One row per ledger customer, and what becomes of them. The merged rows are a CTE, read once: a million
-- of them are not copied into a table of their own before the plan.
CREATE TEMP TABLE customer_plan ON COMMIT DROP AS
WITH merged_customers AS (
    SELECT s.ledger_no AS ledger_number, s.line, s.name, s.name_raw, s.phone, s.phone_raw, s.phone_status, s.first_visit_date,
           s.region, s.referral_source, s.referral_detail, s.review_suggestion, s.testimonial_suggestion,
           s.file_location, s.health_concerns, s.health_interests, s.notes, s.assigned_staff, s.birth_year,
           '{}'::integer[] AS merged_ledger_numbers, 1 AS row_count, s.dedupe_key IS NOT NULL AS dedupable
      FROM staging.customers s
     WHERE s.dedupe_key IS NULL
        OR NOT EXISTS (SELECT 1 FROM customer_dup_keys d WHERE d.dedupe_key = s.dedupe_key)
    UNION ALL
    SELECT min(s.ledger_no),
           min(s.line),
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
           count(*)::integer,
           true
      FROM staging.customers s
      JOIN customer_dup_keys d ON d.dedupe_key = s.dedupe_key
     GROUP BY s.dedupe_key
), held_more AS (
    -- A customer of several ledger rows: the rows earlier loads made or adopted for any of its numbers
    -- (several when this file merges customers loaded apart before). The survivor is the app's own row
    -- when the group has one (it is never deleted), else the lowest number.
    SELECT m.ledger_number AS group_number,
           array_agg(c.customer_id ORDER BY c.ledger_adopted DESC, c.ledger_number) AS ids,
           count(*) FILTER (WHERE c.ledger_adopted)::integer AS app_rows
      FROM merged_customers m
     CROSS JOIN LATERAL unnest(array_prepend(m.ledger_number, m.merged_ledger_numbers)) AS n(number)
      JOIN customers c ON c.ledger_number = n.number
     WHERE m.row_count > 1
     GROUP BY m.ledger_number
), placed AS MATERIALIZED (
    -- A customer of one ledger row (nearly all): the row holding its number, found by one hash join.
    SELECT m.*,
           CASE WHEN m.row_count > 1 THEN hm.ids WHEN own.customer_id IS NOT NULL THEN ARRAY[own.customer_id] END AS held_ids,
           CASE WHEN m.row_count > 1 THEN hm.app_rows ELSE own.ledger_adopted::integer END AS app_rows
      FROM merged_customers m
      LEFT JOIN customers own ON own.ledger_number = m.ledger_number AND m.row_count = 1
      LEFT JOIN held_more hm ON hm.group_number = m.ledger_number
), candidates AS (
    -- no row holds its number: the app's rows with its name and phone, if any
    SELECT p.ledger_number, array_agg(c.customer_id ORDER BY c.customer_id) AS ids
      FROM placed p
      JOIN customers c ON c.name_key = lower(regexp_replace(p.name, '\s', '', 'g')) AND c.phone = p.phone AND c.ledger_number IS NULL
     WHERE p.dedupable AND p.held_ids IS NULL
     GROUP BY p.ledger_number
)
SELECT m.ledger_number, m.line, m.name, m.name_raw, m.phone, m.phone_raw, m.phone_status, m.first_visit_date, m.region,
       m.referral_source, m.referral_detail, m.review_suggestion, m.testimonial_suggestion, m.file_location,
       m.health_concerns, m.health_interests, m.notes, m.assigned_staff, m.birth_year, m.merged_ledger_numbers,
       m.row_count, m.dedupable,
       CASE WHEN m.held_ids IS NOT NULL THEN CASE WHEN m.app_rows > 1 THEN 'review' ELSE 'existing' END
            WHEN cardinality(k.ids) = 1 THEN 'adopt'
            WHEN cardinality(k.ids) > 1 THEN 'review'
            ELSE 'insert' END AS action,
       CASE WHEN m.held_ids IS NOT NULL AND m.app_rows <= 1 THEN m.held_ids[1]
            WHEN cardinality(k.ids) = 1 THEN k.ids[1]
            -- a new customer: their 번호 when that id is free, else the table's next id
            WHEN m.held_ids IS NULL AND k.ids IS NULL THEN
                CASE WHEN NOT EXISTS (SELECT 1 FROM customers t WHERE t.customer_id = m.ledger_number) THEN m.ledger_number
                     ELSE nextval(pg_get_serial_sequence('customers', 'customer_id'))::integer END END AS customer_id,
       CASE WHEN m.app_rows <= 1 THEN coalesce(m.held_ids[2:], '{}') ELSE '{}' END AS absorbed_ids,
       CASE WHEN m.app_rows > 1 THEN 'MERGE_APP_CUSTOMERS'
            WHEN cardinality(k.ids) > 1 THEN 'ADOPT_AMBIGUOUS' END AS review_reason,
       coalesce(CASE WHEN m.app_rows > 1 THEN m.held_ids END, k.ids, '{}') AS candidate_ids,
       NULL::integer AS phone_held_by
  FROM placed m
  LEFT JOIN candidates k ON k.ledger_number = m.ledger_number;


-- A customers table the app keeps UNIQUE on phone (one snapshot of the app's model has it) cannot hold
-- two customers with one phone, as families in the ledger share one. Where the phone is another row's,
-- or an earlier ledger customer's of this file, the customer is written without it (phone_raw keeps
-- it) and the report lists them (phoneNotStored).
UPDATE customer_plan p
   SET phone = NULL, phone_held_by = coalesce(x.holder, -x.earlier)
  FROM (SELECT q.ledger_number,
               (SELECT c.customer_id FROM customers c
                 WHERE c.phone = q.phone AND c.customer_id IS DISTINCT FROM q.customer_id
                   AND NOT c.customer_id = ANY(q.absorbed_ids) LIMIT 1) AS holder,
               (SELECT min(o.ledger_number) FROM customer_plan o
                 WHERE o.phone = q.phone AND o.action <> 'review' AND o.ledger_number < q.ledger_number) AS earlier
          FROM customer_plan q
         WHERE q.phone IS NOT NULL AND q.action <> 'review'
           AND EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                        WHERE i.indrelid = 'customers'::regclass AND i.indisunique AND i.indnkeyatts = 1
                          AND i.indpred IS NULL AND a.attname = 'phone')) x
 WHERE p.ledger_number = x.ledger_number AND (x.holder IS NOT NULL OR x.earlier IS NOT NULL);

-- A first load of a large ledger into this tool's own empty table: indexes (ledger_number's unique one too:
-- nothing up to bulk_end names it in ON CONFLICT) built once afterwards, and nobody else can be inserting
-- meanwhile (bulk_begin holds the table).
CREATE TEMP TABLE customer_bulk ON COMMIT DROP AS
SELECT etl.bulk_begin('customers', (SELECT count(*) FROM customer_plan WHERE action = 'insert'), unique_too => true) > 0 AS engaged;

-- A new customer starts with the statistics of someone whose only visit is their 첫방문일 (the §6 rules of
-- migration 0500), so the statistics step afterwards rewrites only customers with sessions or payments.
-- as_of is read once per statement (inlined, current_setting(…)::date would be parsed five times per row).
CREATE TEMP VIEW customer_new_rows AS
SELECT m.customer_id, m.ledger_number, m.name, m.name_raw, m.phone, m.phone_raw, m.phone_status, m.first_visit_date, m.region,
       m.referral_source, m.referral_detail, m.review_suggestion, m.testimonial_suggestion, m.file_location,
       m.health_concerns, m.notes, m.assigned_staff, m.birth_year, m.merged_ledger_numbers,
       v.last_visit, (v.last_visit IS NOT NULL)::integer AS total_visits, 0 AS total_revenue,
       etl.customer_status(a.day - v.last_visit) AS customer_status,
       etl.membership_level(0, coalesce((v.last_visit > a.day - 365)::integer, 0)) AS membership_level,
       etl.churn_risk(a.day - v.last_visit) AS risk_level
  FROM customer_plan m
 CROSS JOIN (SELECT current_setting('etl.as_of')::date AS day OFFSET 0) a
 CROSS JOIN LATERAL (SELECT CASE WHEN m.first_visit_date <= a.day THEN m.first_visit_date END AS last_visit) v
 WHERE m.action = 'insert';

CREATE TEMP TABLE customer_written (customer_id integer, outcome text) ON COMMIT DROP;

DO $$
DECLARE
    planned bigint;
    done bigint;
BEGIN
    SELECT count(*) INTO planned FROM customer_plan WHERE action = 'insert';
    IF planned = 0 THEN
        RETURN;
    END IF;
    IF (SELECT engaged FROM customer_bulk) THEN
        INSERT INTO customers (
            customer_id, ledger_number, name, name_raw, phone, phone_raw, phone_status, first_visit_date, region,
            referral_source, referral_detail, review_suggestion, testimonial_suggestion, file_location, health_concerns,
            notes, assigned_staff, birth_year, merged_ledger_numbers,
            last_visit_date, total_visits, total_revenue, customer_status, membership_level, risk_level)
        OVERRIDING SYSTEM VALUE
        SELECT * FROM customer_new_rows;
        RETURN;
    END IF;
    -- The app may be inserting customers meanwhile: an id it took after the plan was made is skipped here
    -- (waiting for its transaction if need be) and that ledger customer takes the next sequence value.
    -- (The plan's id of every new customer is what they get: later steps read it from there.)
    INSERT INTO customers (
        customer_id, ledger_number, name, name_raw, phone, phone_raw, phone_status, first_visit_date, region,
        referral_source, referral_detail, review_suggestion, testimonial_suggestion, file_location, health_concerns,
        notes, assigned_staff, birth_year, merged_ledger_numbers,
        last_visit_date, total_visits, total_revenue, customer_status, membership_level, risk_level)
    OVERRIDING SYSTEM VALUE
    SELECT * FROM customer_new_rows
    ON CONFLICT (customer_id) DO NOTHING;
    GET DIAGNOSTICS done = ROW_COUNT;
    IF done < planned THEN
        UPDATE customer_plan p SET customer_id = nextval(pg_get_serial_sequence('customers', 'customer_id'))
         WHERE p.action = 'insert' AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.ledger_number = p.ledger_number);
        INSERT INTO customers (
            customer_id, ledger_number, name, name_raw, phone, phone_raw, phone_status, first_visit_date, region,
            referral_source, referral_detail, review_suggestion, testimonial_suggestion, file_location, health_concerns,
            notes, assigned_staff, birth_year, merged_ledger_numbers,
            last_visit_date, total_visits, total_revenue, customer_status, membership_level, risk_level)
        OVERRIDING SYSTEM VALUE
        SELECT v.* FROM customer_new_rows v
         WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.ledger_number = v.ledger_number);
    END IF;
END $$;

DROP VIEW customer_new_rows;
SELECT etl.bulk_end('customers');

-- Customers this file absorbs into another: their own rows go, what points at them moves. First, so that
-- the survivor can take the group's lowest ledger number, which an absorbed row may hold.
CREATE TEMP TABLE customer_absorbed ON COMMIT DROP AS
SELECT m.customer_id AS survivor, a.absorbed, c.ledger_number AS absorbed_ledger_number
  FROM customer_plan m
 CROSS JOIN LATERAL unnest(m.absorbed_ids) AS a(absorbed)
  JOIN customers c ON c.customer_id = a.absorbed
 WHERE m.action = 'existing' AND cardinality(m.absorbed_ids) > 0;

DO $$
DECLARE
    fk RECORD;
    run text := nullif(current_setting('etl.undo_run', true), '');
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
        -- the app's tables have no undo triggers: their rows are logged as they were, for restore
        IF run IS NOT NULL AND NOT etl.is_tool_table(fk.tbl) THEN
            EXECUTE format('INSERT INTO etl.undo_log (run_id, table_name, op, image)
                            SELECT $1, %L, ''U'', to_jsonb(t) FROM %s t WHERE t.%I IN (SELECT absorbed FROM pg_temp.customer_absorbed)',
                (SELECT n.nspname || '.' || r.relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE r.oid = fk.tbl),
                fk.tbl, fk.col)
            USING run;
        END IF;
        EXECUTE format('UPDATE %s t SET %I = a.survivor FROM pg_temp.customer_absorbed a WHERE t.%I = a.absorbed',
            fk.tbl, fk.col, fk.col);
    END LOOP;
    DELETE FROM customers c USING pg_temp.customer_absorbed a WHERE c.customer_id = a.absorbed;
END $$;

-- Customers already in the table whose ledger values differ from the table's, or that the app has edited,
-- or that are adopted now: found in one pass. The others are unchanged, and nothing is written for them.
CREATE TEMP TABLE customer_changes ON COMMIT DROP AS
SELECT m.*, cardinality(c.app_edited_columns) > 0 AS app_edited
  FROM customer_plan m
  JOIN customers c ON c.customer_id = m.customer_id
 WHERE m.action = 'adopt'
    OR (m.action = 'existing'
        AND (cardinality(c.app_edited_columns) > 0
             OR (c.ledger_number, c.name, c.name_raw, c.phone, c.phone_raw, c.phone_status, c.first_visit_date, c.region,
                 c.referral_source, c.referral_detail, c.review_suggestion, c.testimonial_suggestion, c.file_location,
                 c.health_concerns, c.notes, c.assigned_staff, c.birth_year, c.merged_ledger_numbers)
                IS DISTINCT FROM
                (m.ledger_number, m.name, m.name_raw, m.phone, m.phone_raw, m.phone_status, m.first_visit_date, m.region,
                 m.referral_source, m.referral_detail, m.review_suggestion, m.testimonial_suggestion, m.file_location,
                 m.health_concerns, m.notes, m.assigned_staff, m.birth_year, m.merged_ledger_numbers)));

-- Customers loaded before that the app has not edited: the ledger's values. (The app may edit one this
-- very moment: the condition is checked again on the row the update finds.)
WITH updated AS (
    UPDATE customers c
       SET ledger_number = m.ledger_number, name = m.name, name_raw = m.name_raw, phone = m.phone,
           phone_raw = m.phone_raw, phone_status = m.phone_status, first_visit_date = m.first_visit_date,
           region = m.region, referral_source = m.referral_source, referral_detail = m.referral_detail,
           review_suggestion = m.review_suggestion, testimonial_suggestion = m.testimonial_suggestion,
           file_location = m.file_location, health_concerns = m.health_concerns, notes = m.notes,
           assigned_staff = m.assigned_staff, birth_year = m.birth_year,
           merged_ledger_numbers = m.merged_ledger_numbers,
           updated_at = CURRENT_TIMESTAMP
      FROM customer_changes m
     WHERE m.action = 'existing' AND NOT m.app_edited AND c.customer_id = m.customer_id
       AND cardinality(c.app_edited_columns) = 0
    RETURNING c.customer_id
)
INSERT INTO customer_written SELECT customer_id, 'updated' FROM updated;

-- App rows being adopted, and customers the app has edited: column by column, the app's value wins
-- where the app set it; the ledger fills the rest.
CREATE TEMP TABLE customer_careful ON COMMIT DROP AS
SELECT m.customer_id, m.ledger_number, m.action, c.app_edited_columns, to_jsonb(c) AS current_values,
       jsonb_build_object('name', m.name, 'name_raw', m.name_raw, 'phone', m.phone, 'phone_raw', m.phone_raw,
           'phone_status', m.phone_status, 'first_visit_date', m.first_visit_date, 'region', m.region,
           'referral_source', m.referral_source, 'referral_detail', m.referral_detail,
           'review_suggestion', m.review_suggestion, 'testimonial_suggestion', m.testimonial_suggestion,
           'file_location', m.file_location, 'health_concerns', m.health_concerns, 'notes', m.notes,
           'assigned_staff', m.assigned_staff, 'birth_year', m.birth_year,
           'merged_ledger_numbers', m.merged_ledger_numbers) AS ledger_values
  FROM customer_changes m
  JOIN customers c ON c.customer_id = m.customer_id
 WHERE m.action = 'adopt' OR (m.action = 'existing' AND cardinality(c.app_edited_columns) > 0);

CREATE TEMP TABLE customer_column_decisions ON COMMIT DROP AS
SELECT k.customer_id, k.ledger_number, k.action, e.key AS column_name,
       nullif(e.value, 'null'::jsonb) AS ledger_value,
       nullif(k.current_values -> e.key, 'null'::jsonb) AS app_value,
       e.key = ANY(etl.customer_ledger_columns())
         AND CASE WHEN k.action = 'adopt' THEN nullif(k.current_values -> e.key, 'null'::jsonb) IS NOT NULL
                  ELSE e.key = ANY(k.app_edited_columns) END AS app_owns
  FROM customer_careful k
 CROSS JOIN LATERAL jsonb_each(k.ledger_values) e;

CREATE TEMP TABLE customer_conflicts ON COMMIT DROP AS
SELECT customer_id, ledger_number, column_name, app_value, ledger_value
  FROM customer_column_decisions
 WHERE app_owns AND ledger_value IS NOT NULL AND app_value IS DISTINCT FROM ledger_value;

WITH decided AS (
    SELECT d.customer_id, d.ledger_number, d.action,
           coalesce(jsonb_object_agg(d.column_name, d.ledger_value) FILTER (WHERE NOT d.app_owns), '{}') AS patch,
           bool_or(NOT d.app_owns AND d.ledger_value IS DISTINCT FROM d.app_value) AS changes,
           -- on adoption, the columns where the app's value differs from the ledger's stay the app's
           coalesce(array_agg(d.column_name ORDER BY d.column_name)
                    FILTER (WHERE d.app_owns AND d.app_value IS DISTINCT FROM d.ledger_value), '{}') AS app_columns
      FROM customer_column_decisions d
     GROUP BY d.customer_id, d.ledger_number, d.action
), updated AS (
    UPDATE customers c
       SET (name, name_raw, phone, phone_raw, phone_status, first_visit_date, region, referral_source, referral_detail,
            review_suggestion, testimonial_suggestion, file_location, health_concerns, notes, assigned_staff,
            birth_year, merged_ledger_numbers)
         = (SELECT r.name, r.name_raw, r.phone, r.phone_raw, r.phone_status, r.first_visit_date, r.region,
                   r.referral_source, r.referral_detail, r.review_suggestion, r.testimonial_suggestion, r.file_location,
                   r.health_concerns, r.notes, r.assigned_staff, r.birth_year, r.merged_ledger_numbers
              FROM jsonb_populate_record(c, d.patch) r),
           ledger_number = d.ledger_number,
           ledger_adopted = c.ledger_adopted OR d.action = 'adopt',
           app_edited_columns = CASE WHEN d.action = 'adopt' THEN d.app_columns ELSE c.app_edited_columns END,
           updated_at = CURRENT_TIMESTAMP
      FROM decided d
     WHERE c.customer_id = d.customer_id
       AND (d.action = 'adopt' OR d.changes OR c.ledger_number IS DISTINCT FROM d.ledger_number)
    RETURNING c.customer_id, d.action
)
INSERT INTO customer_written SELECT customer_id, CASE WHEN action = 'adopt' THEN 'adopted' ELSE 'updated' END FROM updated;

-- Health interests (호소문제) in customer_preferences, one row per customer.
CREATE TEMP TABLE preference_changes ON COMMIT DROP AS
SELECT m.customer_id, NULLIF(m.health_interests, '{}') AS health_interests, (p.customer_id IS NULL) AS is_new
  FROM customer_plan m
  LEFT JOIN customer_preferences p ON p.customer_id = m.customer_id
 WHERE m.action <> 'review'
   AND (p.customer_id IS NULL OR p.health_interests IS DISTINCT FROM NULLIF(m.health_interests, '{}'));

SELECT etl.bulk_begin('customer_preferences', (SELECT count(*) FROM preference_changes), unique_too => true);

INSERT INTO customer_preferences (customer_id, health_interests)
SELECT customer_id, health_interests FROM preference_changes WHERE is_new;

UPDATE customer_preferences p
   SET health_interests = c.health_interests, updated_at = CURRENT_TIMESTAMP
  FROM preference_changes c
 WHERE p.customer_id = c.customer_id AND NOT c.is_new;

SELECT etl.bulk_end('customer_preferences');

-- Ledger customers that cannot be placed without a guess: on the review list with the candidates.
-- The review list: only what differs from what is listed now is written (etl.replace_listed, 0700).
DROP TABLE IF EXISTS pg_temp.customers_review_fresh;
CREATE TEMP TABLE customers_review_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT current_setting('etl.run_id'), 'customers', coalesce((SELECT f FROM etl.loaded_files() f LIMIT 1), 'customers'),
           m.line, m.name, m.phone, m.candidate_ids, m.review_reason,
           CASE m.review_reason
               WHEN 'ADOPT_AMBIGUOUS' THEN 'ledger 번호 ' || m.ledger_number || ': several customers the app made have this name and phone; the ledger customer was not loaded'
               WHEN 'MERGE_APP_CUSTOMERS' THEN 'ledger 번호 ' || array_to_string(array_prepend(m.ledger_number, m.merged_ledger_numbers), ', ')
                   || ' are now one person, but the app made more than one of them (candidates): merge them in the app'
           END
      FROM customer_plan m
     WHERE m.action = 'review'
) fresh(run_id, source, file, line, name, phone, candidate_ids, reason, detail);
SELECT etl.replace_listed('etl.match_review', 'pg_temp.customers_review_fresh', 'customers', NULL);

SELECT count(*) FILTER (WHERE m.action = 'insert')::integer AS inserted,
       count(*) FILTER (WHERE m.action = 'existing' AND w.customer_id IS NOT NULL)::integer AS updated,
       count(*) FILTER (WHERE m.action = 'existing' AND w.customer_id IS NULL)::integer AS unchanged,
       coalesce(sum(m.row_count - 1), 0)::integer AS duplicates,
       count(*) FILTER (WHERE m.action = 'adopt')::integer AS adopted,
       count(*) FILTER (WHERE m.action = 'review')::integer AS review,
       (SELECT count(*) FROM customer_absorbed)::integer AS absorbed,
       (SELECT count(*) FROM customer_conflicts)::integer AS conflicts
  FROM customer_plan m
  LEFT JOIN (SELECT DISTINCT customer_id FROM customer_written) w ON w.customer_id = m.customer_id;
