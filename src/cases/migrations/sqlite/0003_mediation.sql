-- People's mediation (人民调解) of disputes: the sessions held, and the agreement reached with the
-- contents the mediation rules require, then the follow-up on its performance.

CREATE TABLE mediation_sessions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    held_on     TEXT NOT NULL,
    place       TEXT NOT NULL,
    mediator    TEXT NOT NULL,
    mediator_id INTEGER REFERENCES users (id),
    summary     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX mediation_sessions_case ON mediation_sessions (case_id, held_on);

-- One agreement per case: who, the facts and responsibilities, each side's obligations, how and
-- by when they are performed, and the signatures.
CREATE TABLE agreements (
    case_id          INTEGER PRIMARY KEY REFERENCES cases (id),
    number           TEXT NOT NULL UNIQUE,
    facts            TEXT NOT NULL,
    obligations      TEXT NOT NULL,
    performance      TEXT NOT NULL,
    performance_due  TEXT NOT NULL,
    signed_on        TEXT NOT NULL,
    signed_by_all    INTEGER NOT NULL,
    mediator         TEXT NOT NULL,
    committee        TEXT NOT NULL,
    performed        INTEGER,
    performance_note TEXT NOT NULL DEFAULT '',
    checked_at       TEXT,
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT NOT NULL
);
