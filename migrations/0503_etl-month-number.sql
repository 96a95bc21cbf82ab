-- Calendar months as whole numbers, year × 12 + month (2025-07-15 → 24307), so that "the last 12 months"
-- is subtraction. The statistics step numbers the as-of date, session days and first visits with it: one
-- definition instead of the same expression at each. A plain SQL function: the planner inlines it.

-- Up Migration
CREATE FUNCTION etl.month_number(day date) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (date_part('year', day) * 12 + date_part('month', day))::integer
$$;

-- Down Migration
DROP FUNCTION etl.month_number(date);
