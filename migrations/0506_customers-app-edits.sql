-- The app's edits win over the ledger. Every change the center's app (or anyone but a run of this tool)
-- makes to a column the ledger also fills is recorded on the row — `app_edited_columns = {phone,notes}` —
-- by a trigger that stays out of the way of the tool's own runs (they set etl.undo_run). A later load
-- never overwrites those columns; where the ledger says otherwise it reports a conflict with both values.
-- It costs nothing on a load and one array per app update, and tells exactly which column was edited.

-- Up Migration
ALTER TABLE customers ADD COLUMN app_edited_columns TEXT[] NOT NULL DEFAULT '{}';

-- The customers columns the ledger fills (customers.merge.sql writes them).
CREATE FUNCTION etl.customer_ledger_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY['name', 'name_raw', 'phone', 'phone_raw', 'phone_status', 'first_visit_date', 'region',
                 'referral_source', 'referral_detail', 'review_suggestion', 'testimonial_suggestion', 'file_location',
                 'health_concerns', 'notes', 'assigned_staff', 'birth_year']
$$;

CREATE FUNCTION etl.note_app_edit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.app_edited_columns := ARRAY(
        SELECT DISTINCT edited FROM (
            SELECT unnest(OLD.app_edited_columns)
            UNION ALL
            SELECT n.key FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
             WHERE n.key = ANY(etl.customer_ledger_columns()) AND n.value IS DISTINCT FROM o.value) AS e(edited)
         ORDER BY 1);
    RETURN NEW;
END;
$$;

CREATE TRIGGER customers_note_app_edit BEFORE UPDATE ON customers
    FOR EACH ROW WHEN (coalesce(current_setting('etl.undo_run', true), '') = '')
    EXECUTE FUNCTION etl.note_app_edit();

-- Down Migration
DROP TRIGGER IF EXISTS customers_note_app_edit ON customers;
DROP FUNCTION IF EXISTS etl.note_app_edit();
DROP FUNCTION IF EXISTS etl.customer_ledger_columns();
ALTER TABLE customers DROP COLUMN IF EXISTS app_edited_columns;
