-- PostgreSQL twin of migrations/sqlite/0009_throttles.sql; keep the two in step.
-- Limits on attempts, shared by every server: failed logins per username and per client address,
-- and the public form's reports per address. A row per key ('user:NAME', 'addr:IP',
-- 'report:IP'); an attempt is taken before it is evaluated by swapping the row it read for the
-- next (the UPDATE names the values read, and a lost race updates nothing and reads again), so
-- parallel attempts cannot all pass on one reading. Rows whose window and wait are over are
-- removed as new keys arrive.
DROP TABLE login_failures;
CREATE TABLE throttles (
    key          TEXT PRIMARY KEY,
    -- Attempts taken in the window (a good login gives its address's back).
    attempts     BIGINT NOT NULL,
    window_start TEXT NOT NULL,
    -- No attempt before this (the backoff after repeated failures).
    next_allowed TEXT NOT NULL
);
CREATE INDEX throttles_window ON throttles (window_start);
