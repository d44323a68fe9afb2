-- PostgreSQL twin of migrations/sqlite/0007_security_epoch.sql; keep the two in step.
-- Who may do what changes rarely and is read on every request, so servers keep the actors of
-- API tokens in memory. Any change to roles, accounts, tokens, units or departments moves this
-- counter in the same transaction (the triggers below, so no write path can forget it); every
-- server polls it and drops its cached actors when it moves.
CREATE TABLE security_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO security_epoch (id, n) VALUES (1, 0);

CREATE FUNCTION bump_security_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE security_epoch SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER role_grants_epoch AFTER INSERT OR UPDATE OR DELETE ON role_grants FOR EACH STATEMENT EXECUTE FUNCTION bump_security_epoch();
CREATE TRIGGER users_epoch AFTER UPDATE OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION bump_security_epoch();
CREATE TRIGGER api_tokens_epoch AFTER UPDATE OR DELETE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION bump_security_epoch();
CREATE TRIGGER units_epoch AFTER UPDATE OR DELETE ON units FOR EACH STATEMENT EXECUTE FUNCTION bump_security_epoch();
CREATE TRIGGER departments_epoch AFTER UPDATE OR DELETE ON departments FOR EACH STATEMENT EXECUTE FUNCTION bump_security_epoch();
