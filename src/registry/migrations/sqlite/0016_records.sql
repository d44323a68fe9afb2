-- The registry's other records, one table a kind as registry/domain/kinds.rs describes it:
-- places (实有房屋), facilities, organisations (实有单位), the floating and left-behind details of
-- a person, and the special populations, each its own table (GB/T 31000 keeps them apart).
-- Sealed values as in 0014: `*_sealed` and a blind `*_index`, nothing readable. A record of a
-- person lies in the person's grid (a join, so it moves with them); the others keep their own.

CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    place_kind TEXT NOT NULL DEFAULT '',
    place_use TEXT NOT NULL DEFAULT '',
    unit_id INTEGER NOT NULL REFERENCES units (id),
    unit_path TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    floors INTEGER,
    area REAL,
    owner TEXT NOT NULL DEFAULT '',
    owner_id_sealed BLOB,
    owner_id_index BLOB,
    owner_phone_sealed BLOB,
    owner_phone_index BLOB,
    lon REAL,
    lat REAL,
    hazards TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX places_unit_path ON places (unit_path, id);
CREATE INDEX places_owner_id_index ON places (owner_id_index);
CREATE INDEX places_owner_phone_index ON places (owner_phone_index);

CREATE TABLE facilities (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    facility_kind TEXT NOT NULL DEFAULT '',
    unit_id INTEGER NOT NULL REFERENCES units (id),
    unit_path TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    lon REAL,
    lat REAL,
    state TEXT NOT NULL DEFAULT '',
    keeper TEXT NOT NULL DEFAULT '',
    keeper_phone_sealed BLOB,
    keeper_phone_index BLOB,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX facilities_name ON facilities (name);
CREATE INDEX facilities_unit_path ON facilities (unit_path, id);
CREATE INDEX facilities_keeper_phone_index ON facilities (keeper_phone_index);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    credit_code TEXT UNIQUE,
    org_type TEXT NOT NULL DEFAULT '',
    legal_rep TEXT NOT NULL DEFAULT '',
    unit_id INTEGER NOT NULL REFERENCES units (id),
    unit_path TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    lon REAL,
    lat REAL,
    contact TEXT NOT NULL DEFAULT '',
    phone_sealed BLOB,
    phone_index BLOB,
    employees INTEGER,
    hazardous INTEGER NOT NULL DEFAULT 0,
    safety_officer TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX organisations_name ON organisations (name);
CREATE INDEX organisations_unit_path ON organisations (unit_path, id);
CREATE INDEX organisations_phone_index ON organisations (phone_index);
CREATE INDEX organisations_unit_name ON organisations (unit_id, name);

CREATE TABLE floating (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    reason TEXT NOT NULL DEFAULT '',
    permit_type TEXT NOT NULL DEFAULT '',
    permit_number_sealed BLOB,
    permit_number_index BLOB,
    registered_on TEXT NOT NULL DEFAULT '',
    expires_on TEXT NOT NULL DEFAULT '',
    dwelling TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX floating_permit_number_index ON floating (permit_number_index);

CREATE TABLE left_behind (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    left_type TEXT NOT NULL DEFAULT '',
    health TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    contact_relation TEXT NOT NULL DEFAULT '',
    contact_phone_sealed BLOB,
    contact_phone_index BLOB,
    contact_address TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX left_behind_contact_phone_index ON left_behind (contact_phone_index);

CREATE TABLE released (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    crime TEXT NOT NULL DEFAULT '',
    sentence TEXT NOT NULL DEFAULT '',
    prison TEXT NOT NULL DEFAULT '',
    released_on TEXT NOT NULL DEFAULT '',
    handover TEXT NOT NULL DEFAULT '',
    placement TEXT NOT NULL DEFAULT '',
    risk TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);


CREATE TABLE correction (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    correction_type TEXT NOT NULL DEFAULT '',
    crime TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL DEFAULT '',
    ends_on TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);


CREATE TABLE mental (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    diagnosis TEXT NOT NULL DEFAULT '',
    mental_risk TEXT NOT NULL DEFAULT '',
    treatment TEXT NOT NULL DEFAULT '',
    guardian TEXT NOT NULL DEFAULT '',
    guardian_phone_sealed BLOB,
    guardian_phone_index BLOB,
    control TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX mental_guardian_phone_index ON mental (guardian_phone_index);

CREATE TABLE drug (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    found_on TEXT NOT NULL DEFAULT '',
    drug_control TEXT NOT NULL DEFAULT '',
    helper TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);


CREATE TABLE youth (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES people (id),
    youth_type TEXT NOT NULL DEFAULT '',
    guardian TEXT NOT NULL DEFAULT '',
    guardian_phone_sealed BLOB,
    guardian_phone_index BLOB,
    help TEXT NOT NULL DEFAULT '',
    risk TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX youth_guardian_phone_index ON youth (guardian_phone_index);

-- The actual residence of a person, when it is a place of the registry.
ALTER TABLE people ADD COLUMN place_id INTEGER REFERENCES places (id);
CREATE INDEX people_place ON people (place_id) WHERE place_id IS NOT NULL;
-- Most people rent no place of the registry, and children have no phone: an index holds only
-- the rows it can find (each lookup names a value, which implies it is not null), and an import
-- keeps fewer entries.
DROP INDEX people_phone_index;
CREATE INDEX people_phone_index ON people (phone_index) WHERE phone_index IS NOT NULL;
DROP INDEX people_household;
CREATE INDEX people_household ON people (household_id) WHERE household_id IS NOT NULL;

ALTER TABLE registry_counts ADD COLUMN places INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registry_counts ADD COLUMN facilities INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registry_counts ADD COLUMN organisations INTEGER NOT NULL DEFAULT 0;

-- Who reads the special populations: grid staff of a grid role in their grid, or the staff of a
-- department in their subtree; a kind, or '*' for all five. The zone changes these rows.
CREATE TABLE registry_readers (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    grid_role       TEXT,
    department_kind TEXT,
    CHECK ((grid_role IS NULL) <> (department_kind IS NULL))
);
INSERT INTO registry_readers (kind, grid_role) VALUES ('*', 'police_liaison');
INSERT INTO registry_readers (kind, department_kind) VALUES ('*', 'comprehensive_governance');

CREATE TRIGGER records_follow_units AFTER UPDATE OF path ON units
BEGIN
    UPDATE places SET unit_path = NEW.path WHERE unit_id = NEW.id;
    UPDATE facilities SET unit_path = NEW.path WHERE unit_id = NEW.id;
    UPDATE organisations SET unit_path = NEW.path WHERE unit_id = NEW.id;
END;
