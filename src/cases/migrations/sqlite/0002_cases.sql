-- Grid events and disputes: the versioned category catalogue, the working calendar's
-- exceptions, cases with their event stream, parties, mediation, and the rollups that keep
-- the dashboards' rates current.

-- A published version of a zone's catalogue; a case keeps the version it was filed under.
CREATE TABLE catalogue_versions (
    id         INTEGER PRIMARY KEY,
    zone_id    INTEGER NOT NULL REFERENCES units (id),
    version    INTEGER NOT NULL,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (zone_id, version)
);

-- Classes ('D', 'I'), categories ('D01') and sub-categories ('I0101'); the code says the tree.
CREATE TABLE categories (
    id                INTEGER PRIMARY KEY,
    version_id        INTEGER NOT NULL REFERENCES catalogue_versions (id),
    code              TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('incident', 'dispute')),
    name              TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    public            INTEGER NOT NULL DEFAULT 0,
    filing_condition  TEXT NOT NULL DEFAULT '',
    closing_condition TEXT NOT NULL DEFAULT '',
    -- The department that handles it; none: the unit where it happened.
    department_kind   TEXT,
    -- Time limits as '2h' (working hours) or '5d' (working days).
    register_limit    TEXT NOT NULL DEFAULT '1d',
    dispatch_limit    TEXT NOT NULL DEFAULT '1d',
    handle_limit      TEXT NOT NULL DEFAULT '5d',
    verify_limit      TEXT NOT NULL DEFAULT '1d',
    UNIQUE (version_id, code)
);

-- Exceptions to the weekly rhythm: public holidays and make-up working days.
CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    name TEXT NOT NULL
);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('incident', 'dispute')),
    category_id     INTEGER NOT NULL REFERENCES categories (id),
    category_code   TEXT NOT NULL,
    -- Where it happened (usually a grid), and that unit's path for subtree scans.
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    unit_path       TEXT NOT NULL,
    -- The level that handles it now (escalation moves it up) and, if dispatched there, the department.
    handler_unit_id INTEGER NOT NULL REFERENCES units (id),
    department_id   INTEGER REFERENCES departments (id),
    state           TEXT NOT NULL,
    outcome         TEXT,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    address         TEXT NOT NULL DEFAULT '',
    lon             REAL,
    lat             REAL,
    source          TEXT NOT NULL CHECK (source IN ('grid', 'public', 'hotline', 'api')),
    reporter_name   TEXT NOT NULL DEFAULT '',
    reporter_phone  TEXT NOT NULL DEFAULT '',
    reported_at     TEXT NOT NULL,
    report_day      TEXT NOT NULL,
    closed_at       TEXT,
    -- When the current step's time runs out, and when handling is due (for on-time closure).
    step_deadline   TEXT,
    due_at          TEXT,
    registered      INTEGER NOT NULL DEFAULT 0,
    overdue         INTEGER NOT NULL DEFAULT 0,
    deferred        INTEGER NOT NULL DEFAULT 0,
    reworks         INTEGER NOT NULL DEFAULT 0,
    verified        INTEGER NOT NULL DEFAULT 0,
    on_time         INTEGER NOT NULL DEFAULT 0,
    satisfaction    INTEGER,
    merged_into     INTEGER REFERENCES cases (id),
    created_by      INTEGER REFERENCES users (id),
    events          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cases_unit_path ON cases (unit_path, report_day);
CREATE INDEX cases_handler ON cases (handler_unit_id, state);
CREATE INDEX cases_deadline ON cases (state, step_deadline);
CREATE INDEX cases_report_day ON cases (report_day);

-- The append-only history of each case; the case row is its current state.
CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    seq        INTEGER NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    actor_id   INTEGER REFERENCES users (id),
    actor_name TEXT NOT NULL,
    at         TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL DEFAULT '{}',
    UNIQUE (case_id, seq)
);

-- The people in a dispute. The ID number is sensitive: pages show it masked.
CREATE TABLE case_parties (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    role      TEXT NOT NULL CHECK (role IN ('applicant', 'respondent', 'other')),
    name      TEXT NOT NULL,
    id_number TEXT,
    phone     TEXT NOT NULL DEFAULT '',
    address   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_parties_case ON case_parties (case_id);
CREATE INDEX case_parties_id_number ON case_parties (id_number);

-- Sums of the cases reported on one day, in one unit's subtree, of one category: kept current
-- as cases change, so a dashboard reads a few hundred rows instead of scanning every case.
-- Every unit from the case's own up to the zone has its row.
CREATE TABLE case_rollups (
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    day              TEXT NOT NULL,
    category_id      INTEGER NOT NULL REFERENCES categories (id),
    found            INTEGER NOT NULL DEFAULT 0,
    registered       INTEGER NOT NULL DEFAULT 0,
    resolved         INTEGER NOT NULL DEFAULT 0,
    closed           INTEGER NOT NULL DEFAULT 0,
    left_out         INTEGER NOT NULL DEFAULT 0,
    due              INTEGER NOT NULL DEFAULT 0,
    due_deferred     INTEGER NOT NULL DEFAULT 0,
    on_time          INTEGER NOT NULL DEFAULT 0,
    deferred         INTEGER NOT NULL DEFAULT 0,
    verified         INTEGER NOT NULL DEFAULT 0,
    reworked         INTEGER NOT NULL DEFAULT 0,
    followed_up      INTEGER NOT NULL DEFAULT 0,
    satisfaction_sum INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, category_id)
);
