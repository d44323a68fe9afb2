-- Key projects and investment promotion (重点项目与招商引资). Money is integer fen; days are
-- `YYYY-MM-DD` text, which sorts as time. A project lies in a township (its scope) and may name
-- the department responsible for it; its owner is an organisation of the registry.

CREATE TABLE projects (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    level         TEXT NOT NULL,
    industry      TEXT NOT NULL DEFAULT '',
    owner_id      INTEGER REFERENCES organisations (id),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    unit_path     TEXT NOT NULL,
    department_id INTEGER REFERENCES departments (id),
    lon           REAL,
    lat           REAL,
    content       TEXT NOT NULL DEFAULT '',
    total_fen     BIGINT NOT NULL,
    leader        TEXT NOT NULL DEFAULT '',
    cancelled_on  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX projects_unit_path ON projects (unit_path, id);
CREATE INDEX projects_level ON projects (level, unit_path);

-- Investment planned by year.
CREATE TABLE project_plans (
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    year        INTEGER NOT NULL,
    planned_fen BIGINT NOT NULL,
    PRIMARY KEY (project_id, year)
);

-- The team (一个项目、一套班子): who, their part and a work phone.
CREATE TABLE project_team (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    name       TEXT NOT NULL,
    duty       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_team_project ON project_team (project_id, id);

-- A gate of a project, planned and actual; passed by a named person with evidence.
CREATE TABLE project_gates (
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    gate        TEXT NOT NULL,
    planned_on  TEXT,
    actual_on   TEXT,
    passed_by   TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT,
    PRIMARY KEY (project_id, gate)
);
CREATE INDEX project_gates_reached ON project_gates (gate, actual_on);

-- A promotion deal (招商项目): its contract and where the investor comes from; a lead until the
-- project's `signed` gate is passed. A terminated deal is kept.
CREATE TABLE promotion_deals (
    project_id         INTEGER PRIMARY KEY REFERENCES projects (id),
    contract_value_fen BIGINT NOT NULL,
    contract_funds_fen BIGINT NOT NULL,
    source             TEXT NOT NULL,
    region             TEXT NOT NULL DEFAULT '',
    negotiation_on     TEXT,
    framework_on       TEXT,
    terminated_on      TEXT,
    termination_reason TEXT NOT NULL DEFAULT ''
);

-- Money that arrived for a deal's contract funds, dated.
CREATE TABLE funds_arrivals (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    arrived_on TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX funds_arrivals_project ON funds_arrivals (project_id, arrived_on);

-- Funding won from higher levels (争取上级资金): a project and its amount.
CREATE TABLE higher_funding (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    unit_path  TEXT NOT NULL,
    name       TEXT NOT NULL,
    channel    TEXT NOT NULL DEFAULT '',
    amount_fen BIGINT NOT NULL,
    won_on     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX higher_funding_unit_path ON higher_funding (unit_path, won_on);

-- A rate's definition, one row a version, never changed: its numerator and denominator as
-- terms (JSON), its rounding, and the day from which it is the one in force.
CREATE TABLE rate_definitions (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    numerator   TEXT NOT NULL,
    denominator TEXT NOT NULL,
    scale       INTEGER NOT NULL,
    rounding    TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (code, version)
);
