-- Jobs that run on a schedule (the overdue sweep). Every server ticks; a server runs the job only
-- when its claim moves `last_run` forward past a whole period, which one claim in a period can
-- do, so several servers on one database run each job once a period between them.
CREATE TABLE scheduled_jobs (
    name     TEXT PRIMARY KEY,
    last_run TEXT NOT NULL,
    holder   TEXT NOT NULL,
    runs     INTEGER NOT NULL
);
