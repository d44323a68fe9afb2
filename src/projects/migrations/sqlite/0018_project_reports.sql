-- The periodic reports of projects (月报, and 旬报 where the unit chooses) and their photos of
-- visible progress (形象进度). A report is the team's until the responsible unit reviews it;
-- then its period is locked. Photos are kept in the database (backups and several servers
-- need nothing else) with the facts that tell a recycled one: EXIF time and place, the
-- content hash and a perceptual hash, and the flags they raised.

CREATE TABLE project_reports (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects (id),
    period            TEXT NOT NULL,
    method            TEXT NOT NULL,
    progress_bp       INTEGER,
    invested_fen      BIGINT NOT NULL,
    in_library        INTEGER NOT NULL,
    funds_arrived_fen BIGINT NOT NULL,
    progress          TEXT NOT NULL,
    difficulties      TEXT NOT NULL,
    due_on            TEXT NOT NULL,
    late              INTEGER NOT NULL,
    submitted_by      TEXT NOT NULL,
    submitted_by_id   INTEGER REFERENCES users (id),
    submitted_at      TEXT NOT NULL,
    reviewed_by       TEXT,
    reviewed_at       TEXT,
    review_note       TEXT NOT NULL DEFAULT '',
    UNIQUE (project_id, period)
);
CREATE INDEX project_reports_period ON project_reports (period, project_id);

CREATE TABLE report_photos (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES project_reports (id),
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    phash         TEXT,
    taken_at      TEXT,
    lon           REAL,
    lat           REAL,
    flags         TEXT NOT NULL,
    near_photo_id INTEGER,
    metres        REAL,
    data          BLOB NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX report_photos_project ON report_photos (project_id, id);
CREATE INDEX report_photos_report ON report_photos (report_id, id);
