-- Plan 3.1 step 4: service_sessions, one row per session a customer had on a visit, from the monthly
-- usage sheets (`레드 21.22/100` is two rows: sessions 21 and 22 of a 100-session red package). A row
-- keeps where it came from (file, line, position among the line's sessions), which makes reloads
-- idempotent. customer_id is NULL while the sheet's name is on the review list (match_status 'review').

-- Up Migration
CREATE TABLE service_sessions (
    session_id SERIAL PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(customer_id),
    session_date DATE NOT NULL,
    service VARCHAR(20) NOT NULL
        CHECK (service IN ('브레인', '펄스', '림프', '레드', 'AI바이크', '하트매스', '인바디', '레드&바이브', '웜업', '상담', 'unknown')),
    -- For service 'unknown': the code as written (`AD`), or NULL when the sheet names no service.
    service_code VARCHAR(20),
    session_number INTEGER,
    package_total INTEGER,
    duration_minutes INTEGER CHECK (duration_minutes > 0),
    is_complimentary BOOLEAN NOT NULL DEFAULT false,
    is_trial BOOLEAN NOT NULL DEFAULT false,
    is_no_show BOOLEAN NOT NULL DEFAULT false,
    -- `(펄스 횟수로 차감)`: the service whose package count this session used.
    counted_as VARCHAR(20),
    package_text TEXT,
    settings_text TEXT,
    -- Layouts 7–8: the sheet's own counters for this service on this visit (used / total / remaining).
    sheet_used INTEGER,
    sheet_total INTEGER,
    sheet_remaining INTEGER,
    name_raw TEXT,
    match_status VARCHAR(10) NOT NULL CHECK (match_status IN ('matched', 'review')),
    match_method VARCHAR(20) CHECK (match_method IN ('name+phone', 'name')),
    -- The visit's free-text columns (비고, 메모, 상담내용, 특이사항 …) keyed by the sheet's label.
    visit_notes JSONB,
    sheet_layout SMALLINT CHECK (sheet_layout BETWEEN 1 AND 8),
    source_file TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    line_seq SMALLINT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT service_sessions_source_key UNIQUE (source_file, source_line, line_seq),
    CONSTRAINT service_sessions_matched_check CHECK ((match_status = 'matched') = (customer_id IS NOT NULL))
);
CREATE INDEX idx_service_sessions_customer ON service_sessions(customer_id, session_date);
CREATE INDEX idx_service_sessions_date ON service_sessions(session_date);

-- Down Migration
DROP TABLE IF EXISTS service_sessions;
