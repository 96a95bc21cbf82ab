-- Staging for the usage sheets: one row per session, the visit's columns repeated on each. Filled by COPY,
-- merged into service_sessions by pipeline/sources/sessions.merge.sql, truncated at the start of a load.

-- Up Migration
CREATE UNLOGGED TABLE staging.usage_sessions (
    line INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    seq SMALLINT NOT NULL,
    layout SMALLINT,
    session_date DATE NOT NULL,
    name_raw TEXT,
    name_clean TEXT,
    name_key TEXT,
    match_blocker TEXT,
    relative_of_key TEXT,
    phone TEXT,
    service TEXT NOT NULL,
    service_code TEXT,
    session_number INTEGER,
    package_total INTEGER,
    duration_minutes INTEGER,
    is_complimentary BOOLEAN NOT NULL,
    is_trial BOOLEAN NOT NULL,
    is_no_show BOOLEAN NOT NULL,
    counted_as TEXT,
    package_text TEXT,
    settings_text TEXT,
    sheet_used INTEGER,
    sheet_total INTEGER,
    sheet_remaining INTEGER,
    visit_notes JSONB
);

-- Down Migration
DROP TABLE IF EXISTS staging.usage_sessions;
