-- The problem ledger (问题台账): each problem of a project with who raised it and when, the unit
-- and person it was given to, its deadline on the working calendar, the ladder it climbs when
-- overdue (its rungs' names kept as given), and how it was solved; each climb a dated row.

CREATE TABLE project_problems (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    description   TEXT NOT NULL,
    raised_on     TEXT NOT NULL,
    raised_by     TEXT NOT NULL,
    owner_unit    TEXT NOT NULL,
    owner_person  TEXT NOT NULL,
    unit_head     TEXT NOT NULL,
    leader        TEXT NOT NULL,
    principal     TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    rung          TEXT NOT NULL,
    solved_on     TEXT,
    solution      TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX project_problems_project ON project_problems (project_id, id);
CREATE INDEX project_problems_open ON project_problems (solved_on, deadline);

CREATE TABLE problem_climbs (
    id         INTEGER PRIMARY KEY,
    problem_id INTEGER NOT NULL REFERENCES project_problems (id),
    rung       TEXT NOT NULL,
    climbed_on TEXT NOT NULL,
    to_whom    TEXT NOT NULL,
    UNIQUE (problem_id, rung)
);
