-- The audit chain's seal (src/store/audit_seal.rs): every row's hash and the head are signed with
-- a key kept outside the database, so a cut tail or a rewritten row cannot be made to verify by
-- recomputing hashes. Rows up to `sealed_from` were written before the seal existed and are
-- proven by their hashes alone; an empty seal is a row written without the key.
ALTER TABLE audit_log ADD COLUMN seal TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN seal TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_head ADD COLUMN sealed_from BIGINT NOT NULL DEFAULT 0;
