-- Parties' ID numbers and phones sealed at rest, as the registry's people are (platform/vault):
-- the sealed values, the ID number's blind index for "who else is a party", and no index on the
-- plain number. The plain columns stay, emptied by the capability's upgrade (cases/services/
-- sealing.rs), which needs the key that SQL does not have.
ALTER TABLE case_parties ADD COLUMN id_sealed BLOB;
ALTER TABLE case_parties ADD COLUMN id_index BLOB;
ALTER TABLE case_parties ADD COLUMN phone_sealed BLOB;
DROP INDEX case_parties_id_number;
CREATE INDEX case_parties_id_index ON case_parties (id_index);
