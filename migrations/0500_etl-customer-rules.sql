-- The center's rules of SOURCES.md §6 written once, for every SQL that needs them (the statistics step,
-- and the customers merge, which gives a new customer their no-visit statistics as it inserts them):
-- customer status and churn risk by days since the last visit (NULL: never visited), membership by the
-- last 365 days' revenue and visits, first match wins (visit bands read as lower bounds: docs/analytics.md).

-- Up Migration
CREATE FUNCTION etl.customer_status(days_since_visit integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN days_since_visit <= 30 THEN 'active'
                WHEN days_since_visit <= 90 THEN 'inactive'
                ELSE 'dormant' END
$$;

CREATE FUNCTION etl.churn_risk(days_since_visit integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN days_since_visit < 30 THEN 'low'
                WHEN days_since_visit < 60 THEN 'medium'
                WHEN days_since_visit < 90 THEN 'high'
                ELSE 'critical' END
$$;

CREATE FUNCTION etl.churn_probability(days_since_visit integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN days_since_visit < 30 THEN 10
                WHEN days_since_visit < 60 THEN 30
                WHEN days_since_visit < 90 THEN 60
                ELSE 85 END
$$;

CREATE FUNCTION etl.membership_level(revenue_365 numeric, visits_365 integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN revenue_365 >= 50000000 THEN 'vip'
                WHEN revenue_365 >= 20000000 AND visits_365 >= 100 THEN 'platinum'
                WHEN revenue_365 >= 10000000 AND visits_365 >= 31 THEN 'gold'
                WHEN revenue_365 >= 5000000 AND visits_365 >= 11 THEN 'silver'
                ELSE 'basic' END
$$;

-- Down Migration
DROP FUNCTION etl.membership_level(numeric, integer);
DROP FUNCTION etl.churn_probability(integer);
DROP FUNCTION etl.churn_risk(integer);
DROP FUNCTION etl.customer_status(integer);
