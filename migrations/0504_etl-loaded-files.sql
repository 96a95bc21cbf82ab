-- The files this run read for the source being merged (set by pipeline/run-source.ts as a JSON array of
-- file names: ["2025년6월.csv"]). The sessions and payments merges replace what a reloaded sheet held;
-- a sheet whose every row is now skipped stages nothing, and without this list its old rows would stay.
-- Unset (a merge run by hand): no rows, and the merges fall back to the files that staged rows.

-- Up Migration
CREATE FUNCTION etl.loaded_files() RETURNS SETOF text
LANGUAGE sql STABLE AS $$
    SELECT json_array_elements_text(coalesce(nullif(current_setting('etl.loaded_files', true), ''), '[]')::json)
$$;

-- Down Migration
DROP FUNCTION etl.loaded_files();
