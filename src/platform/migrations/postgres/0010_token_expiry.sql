-- PostgreSQL twin of migrations/sqlite/0010_token_expiry.sql; keep the two in step.
-- API tokens expire and record their last use, and a user's access ends with a new password,
-- a disabled account or a removed role.
-- A token made without an expiry lasts a year from its making, the longest a token may now last;
-- one inserted without it has expires_at '' and is dead, since '' sorts before every time.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
UPDATE api_tokens
SET expires_at = to_char((created_at::timestamptz + interval '1 year') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');

-- Recording a use must not make every server drop what it keeps in memory: the epoch moves only
-- for the columns that decide whose a token is and whether it is live.
DROP TRIGGER api_tokens_epoch ON api_tokens;
CREATE TRIGGER api_tokens_epoch AFTER UPDATE OF user_id, token_hash, revoked_at, expires_at OR DELETE ON api_tokens
FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_epoch();

-- Ending a user's access is the database's work, so no write path, the command line and any
-- later one included, can forget it: sessions are deleted, live tokens revoked (which moves the
-- cache epoch, so every server drops the tokens' actors).
CREATE FUNCTION end_access(target BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM sessions WHERE user_id = target;
    UPDATE api_tokens SET revoked_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    WHERE user_id = target AND revoked_at IS NULL;
END
$$;
CREATE FUNCTION user_change_ends_access() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM end_access(NEW.id);
    RETURN NULL;
END
$$;
CREATE FUNCTION role_change_ends_access() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM end_access(OLD.user_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER users_password_ends_access AFTER UPDATE OF password_hash ON users
FOR EACH ROW WHEN (NEW.password_hash IS DISTINCT FROM OLD.password_hash) EXECUTE FUNCTION user_change_ends_access();
CREATE TRIGGER users_disabled_ends_access AFTER UPDATE OF disabled ON users
FOR EACH ROW WHEN (NEW.disabled <> 0 AND OLD.disabled = 0) EXECUTE FUNCTION user_change_ends_access();
CREATE TRIGGER role_grants_ends_access AFTER DELETE OR UPDATE OF user_id, role, unit_id, department_id, grid_role ON role_grants
FOR EACH ROW EXECUTE FUNCTION role_change_ends_access();
