-- A load replaces its source's rows on the review list (etl.match_review) and the list of rows decisions
-- settled (etl.match_decided). Deleting them all and inserting them again rewrote hundreds of unchanged
-- rows on every rerun, and its undo log kept them all. etl.replace_listed changes only what differs: the
-- listed rows (of the source, and of the files given) that the fresh list lacks go, the fresh rows the
-- table lacks come in, compared on every column but run_id, created_at and the key (as the text of the
-- row, hashed: a hash join however long the list) — a row still on the list keeps the run and time it was
-- first listed at.

-- Up Migration
CREATE FUNCTION etl.replace_listed(target regclass, fresh regclass, p_source text, p_files text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    compared text;
    columns text;
BEGIN
    -- the columns of the fresh list, as the target names them
    SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE a.attname NOT IN ('run_id', 'created_at')),
           string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum)
      INTO compared, columns
      FROM pg_attribute a
     WHERE a.attrelid = fresh AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format(
        'DELETE FROM %1$s t
          WHERE t.source = $1 AND ($2::text[] IS NULL OR t.file = ANY($2))
            AND NOT EXISTS (SELECT 1 FROM %2$s f WHERE md5(row(%3$s)::text) = md5(row(%4$s)::text))',
        target, fresh, (SELECT string_agg('f.' || c, ', ') FROM unnest(string_to_array(compared, ', ')) c),
        (SELECT string_agg('t.' || c, ', ') FROM unnest(string_to_array(compared, ', ')) c))
    USING p_source, p_files;
    EXECUTE format(
        'INSERT INTO %1$s (%3$s)
         SELECT %5$s FROM %2$s f
          WHERE NOT EXISTS (SELECT 1 FROM %1$s t
                             WHERE t.source = $1 AND ($2::text[] IS NULL OR t.file = ANY($2))
                               AND md5(row(%4$s)::text) = md5(row(%6$s)::text))',
        target, fresh, columns,
        (SELECT string_agg('t.' || c, ', ') FROM unnest(string_to_array(compared, ', ')) c),
        (SELECT string_agg('f.' || c, ', ') FROM unnest(string_to_array(columns, ', ')) c),
        (SELECT string_agg('f.' || c, ', ') FROM unnest(string_to_array(compared, ', ')) c))
    USING p_source, p_files;
END;
$$;

-- Down Migration
DROP FUNCTION etl.replace_listed(regclass, regclass, text, text[]);
