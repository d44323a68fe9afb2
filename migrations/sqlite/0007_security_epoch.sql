-- Who may do what changes rarely and is read on every request, so servers keep the actors of
-- API tokens in memory. Any change to roles, accounts, tokens, units or departments moves this
-- counter in the same transaction (the triggers below, so no write path can forget it); every
-- server polls it and drops its cached actors when it moves.
CREATE TABLE security_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO security_epoch (id, n) VALUES (1, 0);

CREATE TRIGGER role_grants_insert_epoch AFTER INSERT ON role_grants BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER role_grants_update_epoch AFTER UPDATE ON role_grants BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER role_grants_delete_epoch AFTER DELETE ON role_grants BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_update_epoch AFTER UPDATE ON users BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_delete_epoch AFTER DELETE ON users BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_update_epoch AFTER UPDATE ON api_tokens BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER api_tokens_delete_epoch AFTER DELETE ON api_tokens BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER units_update_epoch AFTER UPDATE ON units BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER units_delete_epoch AFTER DELETE ON units BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER departments_update_epoch AFTER UPDATE ON departments BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER departments_delete_epoch AFTER DELETE ON departments BEGIN UPDATE security_epoch SET n = n + 1 WHERE id = 1; END;
