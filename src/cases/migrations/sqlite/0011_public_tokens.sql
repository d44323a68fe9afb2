-- The token a public report's reporter follows it by (/report/{token}, Open311's token): only its
-- SHA-256 is kept, as for API tokens. Only reports that came in through a public channel (the
-- public form, Open311) have one, which is how the public views tell them apart.
CREATE TABLE case_tokens (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    digest  TEXT NOT NULL UNIQUE
);

-- A category that publishes every report of it on the public views, whoever reported it
-- (grid staff, the hotline, the API); off by default.
ALTER TABLE categories ADD COLUMN publish_all INTEGER NOT NULL DEFAULT 0;
