-- The sessions merge: staging.usage_sessions → service_sessions, inside the run's transaction.
-- 1. Each usage row (file, line) is matched to a customer once, by etl.match_customer: the name in match
--    form, confirmed by the phone in 고객정보 when the sheet has one. Nothing here creates a customer.
-- 2. Decision on unmatched rows: their sessions ARE kept, with customer_id NULL and match_status
--    'review', and the row is listed in etl.match_review with the reason and candidates. Every visit
--    stays countable (sessions per day, per service) and findable by file and line, and a later load
--    links it once the name is resolved in the master. The review rows of the files in this load are
--    replaced (a one-month reload leaves the other months' review rows alone).
-- 3. Upsert by (source_file, source_line, line_seq); a session is updated only when a column changed.
--    Sessions of the loaded files that the files no longer produce (rows removed or moved) are deleted.
-- 4. Counters are per usage row, as conservation counts rows: a row is inserted when all its sessions
--    are new, updated when any of them changed or went away, unchanged otherwise. Sessions are counted
--    apart.

DROP TABLE IF EXISTS pg_temp.usage_rows, pg_temp.usage_upserted, pg_temp.usage_deleted;
ANALYZE staging.usage_sessions;

CREATE TEMP TABLE usage_rows ON COMMIT DROP AS
SELECT r.source_file, r.line, r.name_raw, r.name_clean, r.phone, r.sessions,
       m.customer_id, m.method, m.reason, m.candidate_ids
  FROM (SELECT source_file, line,
               (array_agg(name_raw ORDER BY seq))[1] AS name_raw,
               (array_agg(name_clean ORDER BY seq))[1] AS name_clean,
               (array_agg(name_key ORDER BY seq))[1] AS name_key,
               (array_agg(match_blocker ORDER BY seq))[1] AS match_blocker,
               (array_agg(relative_of_key ORDER BY seq))[1] AS relative_of_key,
               (array_agg(phone ORDER BY seq))[1] AS phone,
               count(*)::integer AS sessions
          FROM staging.usage_sessions
         GROUP BY source_file, line) r
 CROSS JOIN LATERAL etl.match_customer(r.name_key, r.phone, r.match_blocker, r.relative_of_key) m;
ANALYZE usage_rows;

DELETE FROM etl.match_review WHERE source = 'sessions' AND file IN (SELECT DISTINCT source_file FROM usage_rows);
INSERT INTO etl.match_review (run_id, source, file, line, name, phone, candidate_ids, reason, detail)
SELECT current_setting('etl.run_id'), 'sessions', source_file, line, coalesce(name_clean, name_raw), phone, candidate_ids, reason,
       CASE reason
           WHEN 'NO_MATCH' THEN 'no customer has this name'
           WHEN 'NAME_AMBIGUOUS' THEN 'several customers have this name and the sheet gives no phone that tells them apart'
           WHEN 'PHONE_MISMATCH' THEN 'one customer has this name but the phone in 고객정보 is not theirs'
           WHEN 'PHONE_OTHER_NAME' THEN 'no customer has this name; the phone in 고객정보 belongs to the candidates'
           WHEN 'RELATIVE_OF' THEN 'a relative of a customer (candidates), not the customer'
           WHEN 'SEVERAL_PEOPLE' THEN 'two or more people in one cell'
           WHEN 'NAME_MISSING' THEN 'the row has sessions but no name'
       END || CASE WHEN name_raw IS DISTINCT FROM name_clean THEN ' (written ' || coalesce(name_raw, '') || ')' ELSE '' END
  FROM usage_rows
 WHERE customer_id IS NULL;

CREATE TEMP TABLE usage_upserted ON COMMIT DROP AS
WITH upserted AS (
    INSERT INTO service_sessions AS t (
        customer_id, session_date, service, service_code, session_number, package_total, duration_minutes,
        is_complimentary, is_trial, is_no_show, counted_as, package_text, settings_text, sheet_used, sheet_total,
        sheet_remaining, name_raw, match_status, match_method, visit_notes, sheet_layout, source_file, source_line, line_seq)
    SELECT r.customer_id, s.session_date, s.service, s.service_code, s.session_number, s.package_total, s.duration_minutes,
           s.is_complimentary, s.is_trial, s.is_no_show, s.counted_as, s.package_text, s.settings_text, s.sheet_used,
           s.sheet_total, s.sheet_remaining, s.name_raw,
           CASE WHEN r.customer_id IS NULL THEN 'review' ELSE 'matched' END, r.method,
           s.visit_notes, s.layout, s.source_file, s.line, s.seq
      FROM staging.usage_sessions s
      JOIN usage_rows r ON r.source_file = s.source_file AND r.line = s.line
    ON CONFLICT (source_file, source_line, line_seq) DO UPDATE SET
        customer_id = EXCLUDED.customer_id, session_date = EXCLUDED.session_date, service = EXCLUDED.service,
        service_code = EXCLUDED.service_code, session_number = EXCLUDED.session_number,
        package_total = EXCLUDED.package_total, duration_minutes = EXCLUDED.duration_minutes,
        is_complimentary = EXCLUDED.is_complimentary, is_trial = EXCLUDED.is_trial, is_no_show = EXCLUDED.is_no_show,
        counted_as = EXCLUDED.counted_as, package_text = EXCLUDED.package_text, settings_text = EXCLUDED.settings_text,
        sheet_used = EXCLUDED.sheet_used, sheet_total = EXCLUDED.sheet_total, sheet_remaining = EXCLUDED.sheet_remaining,
        name_raw = EXCLUDED.name_raw, match_status = EXCLUDED.match_status, match_method = EXCLUDED.match_method,
        visit_notes = EXCLUDED.visit_notes, sheet_layout = EXCLUDED.sheet_layout, updated_at = CURRENT_TIMESTAMP
    WHERE (t.customer_id, t.session_date, t.service, t.service_code, t.session_number, t.package_total,
           t.duration_minutes, t.is_complimentary, t.is_trial, t.is_no_show, t.counted_as, t.package_text,
           t.settings_text, t.sheet_used, t.sheet_total, t.sheet_remaining, t.name_raw, t.match_status,
           t.match_method, t.visit_notes, t.sheet_layout)
          IS DISTINCT FROM
          (EXCLUDED.customer_id, EXCLUDED.session_date, EXCLUDED.service, EXCLUDED.service_code,
           EXCLUDED.session_number, EXCLUDED.package_total, EXCLUDED.duration_minutes, EXCLUDED.is_complimentary,
           EXCLUDED.is_trial, EXCLUDED.is_no_show, EXCLUDED.counted_as, EXCLUDED.package_text,
           EXCLUDED.settings_text, EXCLUDED.sheet_used, EXCLUDED.sheet_total, EXCLUDED.sheet_remaining,
           EXCLUDED.name_raw, EXCLUDED.match_status, EXCLUDED.match_method, EXCLUDED.visit_notes,
           EXCLUDED.sheet_layout)
    RETURNING t.source_file, t.source_line, (xmax = 0) AS inserted
)
SELECT * FROM upserted;

CREATE TEMP TABLE usage_deleted ON COMMIT DROP AS
WITH deleted AS (
    DELETE FROM service_sessions t
     WHERE t.source_file IN (SELECT DISTINCT source_file FROM usage_rows)
       AND NOT EXISTS (SELECT 1 FROM staging.usage_sessions s
                        WHERE s.source_file = t.source_file AND s.line = t.source_line AND s.seq = t.line_seq)
    RETURNING t.source_file, t.source_line
)
SELECT * FROM deleted;

WITH per_row AS (
    SELECT r.sessions,
           r.customer_id,
           r.method,
           coalesce(u.inserted, 0) AS inserted,
           coalesce(u.updated, 0) AS updated,
           EXISTS (SELECT 1 FROM usage_deleted d WHERE d.source_file = r.source_file AND d.source_line = r.line) AS lost_sessions
      FROM usage_rows r
      LEFT JOIN (SELECT source_file, source_line,
                        count(*) FILTER (WHERE inserted) AS inserted,
                        count(*) FILTER (WHERE NOT inserted) AS updated
                   FROM usage_upserted GROUP BY 1, 2) u
        ON u.source_file = r.source_file AND u.source_line = r.line
), outcome AS (
    SELECT *, CASE WHEN inserted = sessions AND NOT lost_sessions THEN 'inserted'
                   WHEN inserted + updated > 0 OR lost_sessions THEN 'updated'
                   ELSE 'unchanged' END AS outcome
      FROM per_row
)
SELECT count(*) FILTER (WHERE outcome = 'inserted')::integer AS inserted,
       count(*) FILTER (WHERE outcome = 'updated')::integer AS updated,
       count(*) FILTER (WHERE outcome = 'unchanged')::integer AS unchanged,
       count(*) FILTER (WHERE customer_id IS NOT NULL)::integer AS matched,
       count(*) FILTER (WHERE method = 'name+phone')::integer AS matched_by_phone,
       count(*) FILTER (WHERE customer_id IS NULL)::integer AS review,
       coalesce(sum(sessions), 0)::integer AS sessions,
       (SELECT count(*) FROM usage_upserted WHERE inserted)::integer AS sessions_inserted,
       (SELECT count(*) FROM usage_upserted WHERE NOT inserted)::integer AS sessions_updated,
       (SELECT count(*) FROM usage_deleted)::integer AS sessions_deleted
  FROM outcome;
