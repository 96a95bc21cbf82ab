-- The open review list as cases: one per source, written name (compared as etl.written_name_key: no spaces,
-- lower case) and phone ('' when the rows have none), with the rows it covers, their reasons, every
-- candidate customer, and where its first rows are. A row without a name (NAME_MISSING) makes no case: a
-- decision about "no name" would cover every nameless row of every later sheet.
-- $1: one source, or NULL for all.
WITH open_rows AS (
    SELECT r.source, etl.written_name_key(r.name) AS name_key, r.name, coalesce(r.phone, '') AS phone, r.reason,
           r.candidate_ids, r.file, r.line
      FROM etl.match_review r
     WHERE r.name IS NOT NULL AND r.reason <> 'NAME_MISSING' AND ($1::text IS NULL OR r.source = $1)
), cases AS (
    SELECT source, name_key, min(name) AS name, phone, count(*)::integer AS rows,
           array_agg(DISTINCT reason ORDER BY reason) AS reasons,
           string_agg(array_to_string(candidate_ids, ','), ',') AS candidates_text,
           (array_agg(regexp_replace(file, '^.*/', '') || ':' || coalesce(line::text, '?') ORDER BY file, line))[1:5] AS places
      FROM open_rows
     GROUP BY source, name_key, phone
)
SELECT c.source, c.name_key, c.name, c.phone, c.rows, c.reasons, c.places,
       coalesce((SELECT array_agg(DISTINCT x::integer ORDER BY x::integer)
                   FROM unnest(string_to_array(c.candidates_text, ',')) AS x
                  WHERE x <> ''), '{}') AS candidate_ids
  FROM cases c
 ORDER BY c.source, c.rows DESC, c.name, c.phone;
