-- API tokens expire and record their last use, and a user's access ends with a new password,
-- a disabled account or a removed role.
-- A token made without an expiry lasts a year from its making, the longest a token may now last;
-- one inserted without it has expires_at '' and is dead, since '' sorts before every time.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%f', created_at, '+1 year') || '000Z';

-- Recording a use must not make every server drop what it keeps in memory: the epoch moves only
-- for the columns that decide whose a token is and whether it is live.
DROP TRIGGER api_tokens_update_epoch;
CREATE TRIGGER api_tokens_update_epoch AFTER UPDATE OF user_id, token_hash, revoked_at, expires_at ON api_tokens
BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;

-- Ending a user's access is the database's work, so no write path, the command line and any
-- later one included, can forget it: sessions are deleted, live tokens revoked (which moves the
-- cache epoch, so every server drops the tokens' actors).
CREATE TRIGGER users_password_ends_access AFTER UPDATE OF password_hash ON users
WHEN NEW.password_hash IS NOT OLD.password_hash
BEGIN
    DELETE FROM sessions WHERE user_id = NEW.id;
    UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' WHERE user_id = NEW.id AND revoked_at IS NULL;
END;
CREATE TRIGGER users_disabled_ends_access AFTER UPDATE OF disabled ON users
WHEN NEW.disabled <> 0 AND OLD.disabled = 0
BEGIN
    DELETE FROM sessions WHERE user_id = NEW.id;
    UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' WHERE user_id = NEW.id AND revoked_at IS NULL;
END;
CREATE TRIGGER role_grants_delete_ends_access AFTER DELETE ON role_grants
BEGIN
    DELETE FROM sessions WHERE user_id = OLD.user_id;
    UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' WHERE user_id = OLD.user_id AND revoked_at IS NULL;
END;
CREATE TRIGGER role_grants_update_ends_access AFTER UPDATE OF user_id, role, unit_id, department_id, grid_role ON role_grants
BEGIN
    DELETE FROM sessions WHERE user_id = OLD.user_id;
    UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z' WHERE user_id = OLD.user_id AND revoked_at IS NULL;
END;
