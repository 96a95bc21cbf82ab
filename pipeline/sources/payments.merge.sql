-- The payments merge: staging.payments → payments, inside the run's transaction.
-- 1. The natural key is (customer_key, payment_date, amount, program_key) plus the occurrence of that key
--    within one sheet (two identical rows in one sheet are two payments; the same row in a monthly sheet
--    and in the 전체 결제대장 ledger is one). Loading the ledger twice, or after the monthly sheets,
--    adds no payment: its rows count as duplicates.
-- 2. Each row is matched to a customer by etl.match_customer: a decision the staff recorded for the written
--    name first (etl.link_decisions), else the name (the sheets carry no phone, so a name links only when
--    it is unique); nothing creates a customer. As for sessions, unmatched payments are kept with
--    customer_id NULL and match_status 'review' (revenue must add up) and listed in etl.match_review, and
--    payments decided as not a customer's with match_status 'ignored'; the review rows (and the decided
--    rows, etl.match_decided) of the files in this load are replaced.
-- 3. A payment belongs to the sheet it was first loaded from: reloading that sheet updates it when a
--    column changed, and deletes it when the sheet no longer has it; another sheet's copy is a duplicate.
-- 4. Counters per staged row: inserted + updated + unchanged + duplicates = rows staged.

DROP TABLE IF EXISTS pg_temp.payment_rows, pg_temp.payment_files, pg_temp.payment_deleted, pg_temp.payment_winners, pg_temp.payment_upserted;
ANALYZE staging.payments;

CREATE TEMP TABLE payment_rows ON COMMIT DROP AS
SELECT s.*,
       row_number() OVER (PARTITION BY s.source_file, s.customer_key, s.payment_date, s.amount, s.program_key ORDER BY s.line)::smallint AS occurrence,
       m.customer_id, m.method, m.reason, m.candidate_ids, m.decision_id, m.auto_customer_id, m.auto_method,
       m.auto_reason, m.auto_candidate_ids
  FROM staging.payments s
 CROSS JOIN LATERAL etl.match_customer('payments', s.name_clean, s.name_key, NULL, s.match_blocker, s.relative_of_key) m;
ANALYZE payment_rows;

-- The sheets this load replaces: those that staged rows, and those read whose every row was skipped.
CREATE TEMP TABLE payment_files ON COMMIT DROP AS
SELECT DISTINCT source_file FROM payment_rows
UNION
SELECT * FROM etl.loaded_files();

-- Why a payment is on the review list, for etl.match_review and (the automatic reason) etl.match_decided.
CREATE OR REPLACE FUNCTION pg_temp.payment_review_detail(reason text, payment_date date, amount integer, program text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE reason
               WHEN 'NO_MATCH' THEN 'no customer has this name'
               WHEN 'NAME_AMBIGUOUS' THEN 'several customers have this name and the payment sheet has no phone'
               WHEN 'RELATIVE_OF' THEN 'a relative of a customer (candidates), not the customer'
               WHEN 'SEVERAL_PEOPLE' THEN 'two or more people in one cell'
               WHEN 'NAME_MISSING' THEN 'the payment has no customer name'
               WHEN 'DECISION_CUSTOMER_GONE' THEN 'a recorded decision linked this name to a customer who no longer exists: decide again or undo it'
               ELSE reason
           END || ' — ' || payment_date || ' ' || amount || '원 ' || coalesce(program, '')
$$;

-- The review list: only what differs from what is listed now is written (etl.replace_listed, 0700).
DROP TABLE IF EXISTS pg_temp.payments_review_fresh;
CREATE TEMP TABLE payments_review_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT current_setting('etl.run_id'), 'payments', source_file, line, coalesce(name_clean, customer_name_raw), NULL, candidate_ids, reason,
           pg_temp.payment_review_detail(reason, payment_date, amount, program)
      FROM payment_rows
     WHERE reason IS NOT NULL
) fresh(run_id, source, file, line, name, phone, candidate_ids, reason, detail);
SELECT etl.replace_listed('etl.match_review', 'pg_temp.payments_review_fresh', 'payments', ARRAY(SELECT source_file FROM payment_files));

DROP TABLE IF EXISTS pg_temp.payments_decided_fresh;
CREATE TEMP TABLE payments_decided_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT current_setting('etl.run_id'), 'payments', source_file, line, coalesce(name_clean, customer_name_raw), NULL, decision_id,
           auto_customer_id, auto_method, auto_reason, auto_candidate_ids,
           pg_temp.payment_review_detail(auto_reason, payment_date, amount, program)
      FROM payment_rows
     WHERE decision_id IS NOT NULL
) fresh(run_id, source, file, line, name, phone, decision_id, auto_customer_id, auto_method, reason, candidate_ids, detail);
SELECT etl.replace_listed('etl.match_decided', 'pg_temp.payments_decided_fresh', 'payments', ARRAY(SELECT source_file FROM payment_files));

-- Payments the loaded sheets no longer hold (edited or removed rows).
CREATE TEMP TABLE payment_deleted ON COMMIT DROP AS
WITH deleted AS (
    DELETE FROM payments t
     WHERE t.source_file IN (SELECT source_file FROM payment_files)
       AND NOT EXISTS (SELECT 1 FROM payment_rows r
                        WHERE r.source_file = t.source_file AND r.customer_key = t.customer_key
                          AND r.payment_date = t.payment_date AND r.amount = t.amount
                          AND r.program_key = t.program_key AND r.occurrence = t.occurrence)
    RETURNING t.payment_id
)
SELECT * FROM deleted;

-- One row per key in this load (the first sheet by name wins), with the payment already stored, if any.
CREATE TEMP TABLE payment_winners ON COMMIT DROP AS
SELECT w.*, e.payment_id AS existing_id, e.source_file AS existing_file
  FROM (SELECT DISTINCT ON (customer_key, payment_date, amount, program_key, occurrence) *
          FROM payment_rows
         ORDER BY customer_key, payment_date, amount, program_key, occurrence, source_file, line) w
  LEFT JOIN payments e
    ON e.customer_key = w.customer_key AND e.payment_date = w.payment_date AND e.amount = w.amount
   AND e.program_key = w.program_key AND e.occurrence = w.occurrence;

CREATE TEMP TABLE payment_upserted ON COMMIT DROP AS
WITH upserted AS (
    INSERT INTO payments AS t (
        customer_id, payment_date, program, amount, payment_type, payment_method, approval_no, card_holder, staff,
        channel, grade, purchase_note, session_start_date, contract_end_date, notes, customer_name_raw,
        match_status, match_method, customer_key, program_key, occurrence, ledger_no, source_file, source_line)
    SELECT customer_id, payment_date, program, amount, payment_type, payment_method, approval_no, card_holder, staff,
           channel, grade, purchase_note, session_start_date, contract_end_date, notes, customer_name_raw,
           CASE WHEN customer_id IS NOT NULL THEN 'matched' WHEN reason IS NULL THEN 'ignored' ELSE 'review' END, method,
           customer_key, program_key, occurrence, ledger_no, source_file, line
      FROM payment_winners
     WHERE existing_id IS NULL OR existing_file = source_file
    ON CONFLICT ON CONSTRAINT payments_natural_key DO UPDATE SET
        customer_id = EXCLUDED.customer_id, program = EXCLUDED.program, payment_type = EXCLUDED.payment_type,
        payment_method = EXCLUDED.payment_method, approval_no = EXCLUDED.approval_no,
        card_holder = EXCLUDED.card_holder, staff = EXCLUDED.staff, channel = EXCLUDED.channel,
        grade = EXCLUDED.grade, purchase_note = EXCLUDED.purchase_note,
        session_start_date = EXCLUDED.session_start_date, contract_end_date = EXCLUDED.contract_end_date,
        notes = EXCLUDED.notes, customer_name_raw = EXCLUDED.customer_name_raw,
        match_status = EXCLUDED.match_status, match_method = EXCLUDED.match_method,
        ledger_no = EXCLUDED.ledger_no, source_line = EXCLUDED.source_line, updated_at = CURRENT_TIMESTAMP
    WHERE (t.customer_id, t.program, t.payment_type, t.payment_method, t.approval_no, t.card_holder, t.staff,
           t.channel, t.grade, t.purchase_note, t.session_start_date, t.contract_end_date, t.notes,
           t.customer_name_raw, t.match_status, t.match_method, t.ledger_no, t.source_line)
          IS DISTINCT FROM
          (EXCLUDED.customer_id, EXCLUDED.program, EXCLUDED.payment_type, EXCLUDED.payment_method,
           EXCLUDED.approval_no, EXCLUDED.card_holder, EXCLUDED.staff, EXCLUDED.channel, EXCLUDED.grade,
           EXCLUDED.purchase_note, EXCLUDED.session_start_date, EXCLUDED.contract_end_date, EXCLUDED.notes,
           EXCLUDED.customer_name_raw, EXCLUDED.match_status, EXCLUDED.match_method, EXCLUDED.ledger_no,
           EXCLUDED.source_line)
    RETURNING (xmax = 0) AS inserted
)
SELECT * FROM upserted;

SELECT (SELECT count(*) FROM payment_upserted WHERE inserted)::integer AS inserted,
       (SELECT count(*) FROM payment_upserted WHERE NOT inserted)::integer AS updated,
       ((SELECT count(*) FROM payment_winners WHERE existing_file = source_file)
         - (SELECT count(*) FROM payment_upserted WHERE NOT inserted))::integer AS unchanged,
       ((SELECT count(*) FROM payment_rows) - (SELECT count(*) FROM payment_winners)
         + (SELECT count(*) FROM payment_winners WHERE existing_id IS NOT NULL AND existing_file <> source_file))::integer AS duplicates,
       (SELECT count(*) FROM payment_rows WHERE customer_id IS NOT NULL)::integer AS matched,
       (SELECT count(*) FROM payment_rows WHERE method = 'decision' AND customer_id IS NOT NULL)::integer AS matched_by_decision,
       (SELECT count(*) FROM payment_rows WHERE method = 'decision' AND customer_id IS NULL)::integer AS ignored_by_decision,
       (SELECT count(*) FROM payment_rows WHERE reason = 'DECISION_CUSTOMER_GONE')::integer AS decision_customer_gone,
       (SELECT count(*) FROM payment_rows WHERE reason IS NOT NULL)::integer AS review,
       (SELECT count(*) FROM payment_rows WHERE amount < 0)::integer AS refunds,
       (SELECT count(*) FROM payment_deleted)::integer AS deleted;
