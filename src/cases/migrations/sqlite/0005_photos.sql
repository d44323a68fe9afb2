-- Photos of cases, kept in the database so that backups, restores and several servers need
-- nothing else. The type is sniffed from the bytes; EXIF time and place are kept.
CREATE TABLE case_photos (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    taken_at     TEXT,
    lon          REAL,
    lat          REAL,
    data         BLOB NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX case_photos_case ON case_photos (case_id);
CREATE INDEX case_photos_sha256 ON case_photos (sha256);
