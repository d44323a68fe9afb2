-- What servers keep in memory, because it changes rarely and is read on every request: the
-- actors of API tokens (roles, accounts, tokens, units, departments) and what reports are
-- checked against (catalogues, the calendar). Any change to those tables moves this counter in
-- the same transaction (the triggers below, so no write path, the command line included, can
-- forget it); every server polls it and drops what it kept when it moves.
CREATE TABLE cache_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO cache_epoch (id, n) VALUES (1, 0);

CREATE TRIGGER role_grants_insert_epoch AFTER INSERT ON role_grants BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER role_grants_update_epoch AFTER UPDATE ON role_grants BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER role_grants_delete_epoch AFTER DELETE ON role_grants BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_update_epoch AFTER UPDATE ON users BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_delete_epoch AFTER DELETE ON users BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_update_epoch AFTER UPDATE ON api_tokens BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_delete_epoch AFTER DELETE ON api_tokens BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER units_insert_epoch AFTER INSERT ON units BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER units_update_epoch AFTER UPDATE ON units BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER units_delete_epoch AFTER DELETE ON units BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER departments_update_epoch AFTER UPDATE ON departments BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER departments_delete_epoch AFTER DELETE ON departments BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
-- Reports are checked against each zone's current catalogue: a new zone, a new version.
CREATE TRIGGER catalogue_versions_insert_epoch AFTER INSERT ON catalogue_versions BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_days_insert_epoch AFTER INSERT ON calendar_days BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_days_update_epoch AFTER UPDATE ON calendar_days BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER calendar_days_delete_epoch AFTER DELETE ON calendar_days BEGIN UPDATE cache_epoch SET n = n + 1 WHERE id = 1; END;
