-- PostgreSQL twin of migrations/sqlite/0007_cache_epoch.sql; keep the two in step.
-- What servers keep in memory, because it changes rarely and is read on every request: the
-- actors of API tokens (roles, accounts, tokens, units, departments) and what reports are
-- checked against (catalogues, the calendar). Any change to those tables moves this counter in
-- the same transaction (the triggers below, so no write path, the command line included, can
-- forget it); every server polls it and drops what it kept when it moves.
CREATE TABLE cache_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO cache_epoch (id, n) VALUES (1, 0);

CREATE FUNCTION bump_cache_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cache_epoch SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER role_grants_epoch AFTER INSERT OR UPDATE OR DELETE ON role_grants FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();
CREATE TRIGGER users_epoch AFTER UPDATE OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();
CREATE TRIGGER api_tokens_epoch AFTER UPDATE OR DELETE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();
CREATE TRIGGER units_epoch AFTER INSERT OR UPDATE OR DELETE ON units FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();
CREATE TRIGGER departments_epoch AFTER UPDATE OR DELETE ON departments FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();
-- Reports are checked against each zone's current catalogue: a new zone, a new version.
CREATE TRIGGER catalogue_versions_epoch AFTER INSERT ON catalogue_versions FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();
CREATE TRIGGER calendar_days_epoch AFTER INSERT OR UPDATE OR DELETE ON calendar_days FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();
