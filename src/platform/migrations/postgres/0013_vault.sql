-- The data key's check (src/platform/vault): a value sealed by each version of the key, so a
-- server started with another key refuses to run rather than seal new rows that the old ones'
-- readers cannot open. The key itself is never here.
CREATE TABLE vault_checks (
    version INTEGER PRIMARY KEY,
    sealed BYTEA NOT NULL
);

-- Who did what to one object, newest first: a person's page shows who looked at their data.
CREATE INDEX audit_log_object ON audit_log (object, seq);
