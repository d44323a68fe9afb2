-- What the battle map colours a project by, kept beside it and brought up to date with every
-- change of its gates, so that a province's 20,000 projects are read in one scan: the first
-- planned day of a gate not yet passed, whether it reached completion, whether a gate was
-- passed after its plan. Overdue is then that day against today.
ALTER TABLE projects ADD COLUMN next_gate_on TEXT;
ALTER TABLE projects ADD COLUMN done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN slipped INTEGER NOT NULL DEFAULT 0;

-- Named baselines (基线): the planned days of every gate of every project of a unit's subtree
-- when it was taken, cancelled projects included. A baseline never changes.
CREATE TABLE project_baselines (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    unit_path  TEXT NOT NULL,
    taken_by   TEXT NOT NULL,
    taken_at   TEXT NOT NULL
);
CREATE TABLE baseline_gates (
    baseline_id  INTEGER NOT NULL REFERENCES project_baselines (id),
    project_id   INTEGER NOT NULL,
    project_name TEXT NOT NULL,
    cancelled_on TEXT,
    gate         TEXT NOT NULL,
    planned_on   TEXT,
    PRIMARY KEY (baseline_id, project_id, gate)
);
CREATE TRIGGER baseline_gates_never_change BEFORE UPDATE ON baseline_gates
BEGIN SELECT RAISE(ABORT, 'a baseline never changes'); END;
CREATE TRIGGER baseline_gates_never_go BEFORE DELETE ON baseline_gates
BEGIN SELECT RAISE(ABORT, 'a baseline never changes'); END;
CREATE TRIGGER project_baselines_never_change BEFORE UPDATE ON project_baselines
BEGIN SELECT RAISE(ABORT, 'a baseline never changes'); END;
CREATE TRIGGER project_baselines_never_go BEFORE DELETE ON project_baselines
BEGIN SELECT RAISE(ABORT, 'a baseline never changes'); END;
