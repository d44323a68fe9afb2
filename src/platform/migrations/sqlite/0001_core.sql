-- The platform core: the zone's tree, departments, people, roles, sessions, API tokens,
-- login throttling and the audit chain.
-- Timestamps are RFC 3339 UTC text of fixed width ("2026-11-27T08:00:00.000000Z") so that
-- they sort as text and the same SQL serves SQLite and PostgreSQL through sqlx's Any driver.

CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES units (id),
    level      TEXT NOT NULL CHECK (level IN ('zone', 'township', 'village', 'grid')),
    name       TEXT NOT NULL CHECK (length(name) > 0),
    code       TEXT NOT NULL UNIQUE,
    -- '/1/3/17/': the ids from the root down; a subtree is one range scan on this index.
    path       TEXT NOT NULL,
    -- GeoJSON geometry (Polygon or MultiPolygon), lon/lat.
    boundary   TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX units_path ON units (path);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE departments (
    id      INTEGER PRIMARY KEY,
    zone_id INTEGER NOT NULL REFERENCES units (id),
    kind    TEXT NOT NULL,
    name    TEXT NOT NULL,
    UNIQUE (zone_id, kind)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    phone         TEXT,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

-- A role held at a unit: the unit anchors the subtree the holder may see and act in.
CREATE TABLE role_grants (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'department_staff', 'township_staff', 'village_staff', 'grid_staff')),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    department_id INTEGER REFERENCES departments (id),
    grid_role     TEXT CHECK (grid_role IN ('manager', 'assistant', 'police_liaison', 'supervisor')),
    CHECK ((role = 'grid_staff') = (grid_role IS NOT NULL)),
    CHECK ((role = 'department_staff') = (department_id IS NOT NULL))
);
CREATE INDEX role_grants_user ON role_grants (user_id);
CREATE INDEX role_grants_unit ON role_grants (unit_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed logins by client address, so that throttling holds across several servers.
CREATE TABLE login_failures (
    address TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX login_failures_address ON login_failures (address, at);

-- The audit chain: each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    object     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    digest     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);

-- The head of the chain, one row: appenders take its row lock in turn, and a removed tail
-- row is caught because the head still names it.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
