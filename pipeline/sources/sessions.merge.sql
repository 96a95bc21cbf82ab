-- The sessions merge: staging.usage_sessions → service_sessions, inside the run's transaction.
-- 1. Each usage row (file, line) is matched to a customer once, by etl.match_customer: a decision the staff
--    recorded for the written name and phone first (etl.link_decisions: a customer, or not a customer), else
--    the name in match form, confirmed by the phone in 고객정보 when the sheet has one. Nothing here creates
--    a customer. Rows a decision settled are listed in etl.match_decided with what the automatic match said.
-- 2. Decision on unmatched rows: their sessions ARE kept, with customer_id NULL and match_status
--    'review', and the row is listed in etl.match_review with the reason and candidates. Every visit
--    stays countable (sessions per day, per service) and findable by file and line, and a later load
--    links it once the name is resolved in the master. The review rows of the files in this load are
--    replaced (a one-month reload leaves the other months' review rows alone). A row the staff decided is
--    not a customer keeps its sessions too, with customer_id NULL and match_status 'ignored'.
-- 3. A file new to service_sessions (a first load, a new month's sheet) has its sessions inserted plainly,
--    with the indexes and the foreign key checked once afterwards when they are many (etl.bulk_begin).
--    A file loaded before is upserted by (source_file, source_line, line_seq); a session is updated only
--    when a column changed, and its sessions the file no longer produces (rows removed or moved) are
--    deleted.
-- 4. Counters are per usage row, as conservation counts rows: a row is inserted when all its sessions
--    are new, updated when any of them changed or went away, unchanged otherwise. Sessions are counted
--    apart.

DROP VIEW IF EXISTS pg_temp.usage_session_rows;
DROP TABLE IF EXISTS pg_temp.usage_matches, pg_temp.usage_rows, pg_temp.usage_files, pg_temp.usage_upserted,
    pg_temp.usage_deleted;
ANALYZE staging.usage_sessions;

-- Why a row is on the review list, for etl.match_review and (the automatic reason) etl.match_decided.
CREATE OR REPLACE FUNCTION pg_temp.usage_review_detail(reason text, name_raw text, name_clean text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE reason
               WHEN 'NO_MATCH' THEN 'no customer has this name'
               WHEN 'NAME_AMBIGUOUS' THEN 'several customers have this name and the sheet gives no phone that tells them apart'
               WHEN 'PHONE_MISMATCH' THEN 'one customer has this name but the phone in 고객정보 is not theirs'
               WHEN 'PHONE_OTHER_NAME' THEN 'no customer has this name; the phone in 고객정보 belongs to the candidates'
               WHEN 'RELATIVE_OF' THEN 'a relative of a customer (candidates), not the customer'
               WHEN 'SEVERAL_PEOPLE' THEN 'two or more people in one cell'
               WHEN 'NAME_MISSING' THEN 'the row has sessions but no name'
               WHEN 'DECISION_CUSTOMER_GONE' THEN 'a recorded decision linked this name to a customer who no longer exists: decide again or undo it'
           END || CASE WHEN name_raw IS DISTINCT FROM name_clean THEN ' (written ' || coalesce(name_raw, '') || ')' ELSE '' END
$$;

-- Each distinct (name, phone, blocker) is matched once — a million sheet rows name a few thousand people.
-- Every session of a usage row carries the row's name and phone, so sessions and rows find their match by
-- that tuple written as JSON (which tells NULL from ''), in a table small enough to hash: joining the
-- sessions to a million usage rows instead spilled to disk and took 4 s of the insert.
-- The cleaned name (`홍길동 어머님`, as the review list shows it) is part of the tuple: decisions are recorded by
-- it, and a relative or two people have no name key.
CREATE TEMP TABLE usage_matches ON COMMIT DROP AS
SELECT d.match_input, m.*
  FROM (SELECT DISTINCT json_build_array(name_key, phone, match_blocker, relative_of_key, name_clean)::text AS match_input,
               name_key, phone, match_blocker, relative_of_key, name_clean
          FROM staging.usage_sessions
         WHERE seq = 1) d
 CROSS JOIN LATERAL etl.match_customer('sessions', d.name_clean, d.name_key, d.phone, d.match_blocker, d.relative_of_key) m;
ANALYZE usage_matches;

-- One row per usage row (its first session, seq 1), with its match.
CREATE TEMP TABLE usage_rows ON COMMIT DROP AS
SELECT f.source_file, f.line, f.name_raw, f.name_clean, f.phone, m.customer_id, m.method, m.reason, m.candidate_ids,
       m.decision_id, m.auto_customer_id, m.auto_method, m.auto_reason, m.auto_candidate_ids
  FROM staging.usage_sessions f
  JOIN usage_matches m ON m.match_input = json_build_array(f.name_key, f.phone, f.match_blocker, f.relative_of_key, f.name_clean)::text
 WHERE f.seq = 1;
ANALYZE usage_rows;

-- The loaded files, their sessions and layout (for the report), and whether service_sessions held any of
-- theirs before this load. A file read whose every row was skipped (a sheet of blank rows) staged nothing
-- but is loaded all the same: 0 sessions, so a reload of it deletes what it held.
CREATE TEMP TABLE usage_files ON COMMIT DROP AS
SELECT f.source_file, coalesce(f.sessions, 0) AS sessions, f.layout,
       EXISTS (SELECT 1 FROM service_sessions t WHERE t.source_file = f.source_file) AS loaded_before
  FROM (SELECT source_file, staged.sessions, staged.layout
          FROM (SELECT source_file, count(*)::integer AS sessions, min(layout)::integer AS layout
                  FROM staging.usage_sessions GROUP BY source_file) staged
          FULL JOIN etl.loaded_files() AS read(source_file) USING (source_file)) f;

-- The review list: only what differs from what is listed now is written (etl.replace_listed, 0700).
DROP TABLE IF EXISTS pg_temp.sessions_review_fresh;
CREATE TEMP TABLE sessions_review_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT current_setting('etl.run_id'), 'sessions', source_file, line, coalesce(name_clean, name_raw), phone, candidate_ids, reason,
           pg_temp.usage_review_detail(reason, name_raw, name_clean)
      FROM usage_rows
     WHERE reason IS NOT NULL
) fresh(run_id, source, file, line, name, phone, candidate_ids, reason, detail);
SELECT etl.replace_listed('etl.match_review', 'pg_temp.sessions_review_fresh', 'sessions', ARRAY(SELECT source_file FROM usage_files));

DROP TABLE IF EXISTS pg_temp.sessions_decided_fresh;
CREATE TEMP TABLE sessions_decided_fresh ON COMMIT DROP AS
SELECT * FROM (
    SELECT current_setting('etl.run_id'), 'sessions', source_file, line, coalesce(name_clean, name_raw), phone, decision_id,
           auto_customer_id, auto_method, auto_reason, auto_candidate_ids, pg_temp.usage_review_detail(auto_reason, name_raw, name_clean)
      FROM usage_rows
     WHERE decision_id IS NOT NULL
) fresh(run_id, source, file, line, name, phone, decision_id, auto_customer_id, auto_method, reason, candidate_ids, detail);
SELECT etl.replace_listed('etl.match_decided', 'pg_temp.sessions_decided_fresh', 'sessions', ARRAY(SELECT source_file FROM usage_files));

-- Every session as a service_sessions row (columns in the order the inserts below name them), with its
-- row's match. A view, dropped at the end: the temp tables it reads go at commit.
CREATE TEMP VIEW usage_session_rows AS
SELECT r.customer_id, s.session_date, s.service, s.service_code, s.session_number, s.package_total, s.duration_minutes,
       s.is_complimentary, s.is_trial, s.is_no_show, s.counted_as, s.package_text, s.settings_text, s.sheet_used,
       s.sheet_total, s.sheet_remaining, s.name_raw,
       CASE WHEN r.customer_id IS NOT NULL THEN 'matched' WHEN r.reason IS NULL THEN 'ignored' ELSE 'review' END AS match_status,
       r.method AS match_method, s.visit_notes, s.layout AS sheet_layout, s.source_file, s.line AS source_line, s.seq AS line_seq
  FROM staging.usage_sessions s
  JOIN usage_matches r ON r.match_input = json_build_array(s.name_key, s.phone, s.match_blocker, s.relative_of_key, s.name_clean)::text;

-- Files new to the table: a plain insert, the indexes and foreign key checked once when the rows are many.
-- its unique key too: the upsert that names it in ON CONFLICT comes after bulk_end
SELECT etl.bulk_begin('service_sessions', (SELECT coalesce(sum(sessions), 0) FROM usage_files WHERE NOT loaded_before), unique_too => true);

INSERT INTO service_sessions (
    customer_id, session_date, service, service_code, session_number, package_total, duration_minutes,
    is_complimentary, is_trial, is_no_show, counted_as, package_text, settings_text, sheet_used, sheet_total,
    sheet_remaining, name_raw, match_status, match_method, visit_notes, sheet_layout, source_file, source_line, line_seq)
SELECT v.* FROM usage_session_rows v
 WHERE v.source_file IN (SELECT source_file FROM usage_files WHERE NOT loaded_before);

SELECT etl.bulk_end('service_sessions');

-- Files loaded before: upsert, so unchanged sessions keep their rows (and ids).
CREATE TEMP TABLE usage_upserted ON COMMIT DROP AS
WITH upserted AS (
    INSERT INTO service_sessions AS t (
        customer_id, session_date, service, service_code, session_number, package_total, duration_minutes,
        is_complimentary, is_trial, is_no_show, counted_as, package_text, settings_text, sheet_used, sheet_total,
        sheet_remaining, name_raw, match_status, match_method, visit_notes, sheet_layout, source_file, source_line, line_seq)
    SELECT v.* FROM usage_session_rows v
     WHERE v.source_file IN (SELECT source_file FROM usage_files WHERE loaded_before)
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
     WHERE t.source_file IN (SELECT source_file FROM usage_files WHERE loaded_before)
       AND NOT EXISTS (SELECT 1 FROM staging.usage_sessions s
                        WHERE s.source_file = t.source_file AND s.line = t.source_line AND s.seq = t.line_seq)
    RETURNING t.source_file, t.source_line
)
SELECT * FROM deleted;

DROP VIEW usage_session_rows;

-- Counters per usage row. A row of a new file is inserted; a row of a file loaded before is inserted when
-- all its sessions are new, updated when any of them changed or went away, unchanged otherwise.
WITH reloaded AS (
    SELECT s.source_file, s.line, count(*) AS sessions
      FROM staging.usage_sessions s
      JOIN usage_files f ON f.source_file = s.source_file AND f.loaded_before
     GROUP BY 1, 2
), per_row AS (
    SELECT r.sessions,
           coalesce(u.inserted, 0) AS inserted,
           coalesce(u.updated, 0) AS updated,
           EXISTS (SELECT 1 FROM usage_deleted d WHERE d.source_file = r.source_file AND d.source_line = r.line) AS lost_sessions
      FROM reloaded r
      LEFT JOIN (SELECT source_file, source_line,
                        count(*) FILTER (WHERE inserted) AS inserted,
                        count(*) FILTER (WHERE NOT inserted) AS updated
                   FROM usage_upserted GROUP BY 1, 2) u
        ON u.source_file = r.source_file AND u.source_line = r.line
), reload_outcome AS (
    SELECT count(*) FILTER (WHERE inserted = sessions AND NOT lost_sessions) AS inserted,
           count(*) FILTER (WHERE NOT (inserted = sessions AND NOT lost_sessions) AND (inserted + updated > 0 OR lost_sessions)) AS updated,
           count(*) FILTER (WHERE inserted + updated = 0 AND NOT lost_sessions) AS unchanged
      FROM per_row
), matching AS (
    SELECT count(*) FILTER (WHERE f.loaded_before) AS reloaded_rows,
           count(*) FILTER (WHERE r.customer_id IS NOT NULL) AS matched,
           count(*) FILTER (WHERE r.method = 'name+phone') AS matched_by_phone,
           count(*) FILTER (WHERE r.method = 'decision' AND r.customer_id IS NOT NULL) AS matched_by_decision,
           count(*) FILTER (WHERE r.method = 'decision' AND r.customer_id IS NULL) AS ignored_by_decision,
           count(*) FILTER (WHERE r.reason = 'DECISION_CUSTOMER_GONE') AS decision_customer_gone,
           count(*) FILTER (WHERE r.reason IS NOT NULL) AS review,
           count(*) AS rows
      FROM usage_rows r
      JOIN usage_files f ON f.source_file = r.source_file
)
SELECT (m.rows - m.reloaded_rows + o.inserted)::integer AS inserted,
       o.updated::integer AS updated,
       o.unchanged::integer AS unchanged,
       m.matched::integer AS matched,
       m.matched_by_phone::integer AS matched_by_phone,
       m.matched_by_decision::integer AS matched_by_decision,
       m.ignored_by_decision::integer AS ignored_by_decision,
       m.decision_customer_gone::integer AS decision_customer_gone,
       m.review::integer AS review,
       (SELECT sum(sessions) FROM usage_files)::integer AS sessions,
       -- every session of a new file was inserted (the plain insert would have failed otherwise)
       ((SELECT coalesce(sum(sessions), 0) FROM usage_files WHERE NOT loaded_before)
        + (SELECT count(*) FROM usage_upserted WHERE inserted))::integer AS sessions_inserted,
       (SELECT count(*) FROM usage_upserted WHERE NOT inserted)::integer AS sessions_updated,
       (SELECT count(*) FROM usage_deleted)::integer AS sessions_deleted
  FROM matching m CROSS JOIN reload_outcome o;
