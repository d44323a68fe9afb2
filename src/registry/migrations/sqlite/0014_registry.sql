-- The grid registry (人、地、物、组织): people and households of every grid, after GB/T 31000.
-- ID numbers and phones are never stored: each is sealed (`*_sealed`, AES-256-GCM under the data
-- key kept outside the database) and found through a keyed blind index (`*_index`); the masked
-- forms are made from the opened values as they are shown, so no digit of them is stored. Each row keeps its grid's path for subtree scans; a trigger moves
-- the path with the unit, so a moved village carries its people.

CREATE TABLE households (
    id         INTEGER PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    unit_path  TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX households_unit_path ON households (unit_path, id);

CREATE TABLE people (
    id                 INTEGER PRIMARY KEY,
    -- The grid of the actual residence (现住址).
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    unit_path          TEXT NOT NULL,
    name               TEXT NOT NULL,
    former_name        TEXT NOT NULL DEFAULT '',
    id_sealed          BLOB NOT NULL,
    id_index           BLOB NOT NULL UNIQUE,
    -- From the ID number (GB/T 2261.1: 1 male, 2 female) and checked against what was entered.
    sex                TEXT NOT NULL CHECK (sex IN ('1', '2')),
    birth_date         TEXT NOT NULL,
    -- Codes of the shipped code lists (registry/domain/codes/*.csv).
    ethnicity          TEXT NOT NULL DEFAULT '',
    marital            TEXT NOT NULL DEFAULT '',
    education          TEXT NOT NULL DEFAULT '',
    political          TEXT NOT NULL DEFAULT '',
    occupation         TEXT NOT NULL DEFAULT '',
    workplace          TEXT NOT NULL DEFAULT '',
    phone_sealed       BLOB,
    phone_index        BLOB,
    -- 户籍地 and 现住址, and whether they agree (人户一致).
    registered_address TEXT NOT NULL DEFAULT '',
    address            TEXT NOT NULL DEFAULT '',
    residence_agrees   INTEGER NOT NULL DEFAULT 1,
    household_id       INTEGER REFERENCES households (id),
    -- GB/T 4761; '02' is the head (户主).
    relation           TEXT NOT NULL DEFAULT '',
    -- 'resident' (户籍人口), 'floating' (流动人口).
    kind               TEXT NOT NULL DEFAULT 'resident' CHECK (kind IN ('resident', 'floating')),
    -- Since when the person lives in this grid (the stays before are in `residences`).
    since              TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX people_unit_path ON people (unit_path, id);
CREATE INDEX people_name ON people (name);
CREATE INDEX people_phone_index ON people (phone_index);
CREATE INDEX people_household ON people (household_id);
-- One head a household, whichever way the rows come in.
CREATE UNIQUE INDEX people_one_head ON people (household_id) WHERE relation = '02';

-- The stays a person has ended, grid by grid: a move writes the one it ends.
CREATE TABLE residences (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    address    TEXT NOT NULL DEFAULT '',
    moved_in   TEXT NOT NULL,
    moved_out  TEXT NOT NULL
);
CREATE INDEX residences_person ON residences (person_id, id);

-- How many people and households each grid has, moved in the same transaction as every change
-- to them, so that a unit's glance sums a few hundred rows instead of counting its people.
CREATE TABLE registry_counts (
    unit_id    INTEGER PRIMARY KEY REFERENCES units (id),
    resident   INTEGER NOT NULL DEFAULT 0,
    floating   INTEGER NOT NULL DEFAULT 0,
    apart      INTEGER NOT NULL DEFAULT 0,
    households INTEGER NOT NULL DEFAULT 0
);

CREATE TRIGGER people_follow_units AFTER UPDATE OF path ON units
BEGIN
    UPDATE people SET unit_path = NEW.path WHERE unit_id = NEW.id;
    UPDATE households SET unit_path = NEW.path WHERE unit_id = NEW.id;
END;
