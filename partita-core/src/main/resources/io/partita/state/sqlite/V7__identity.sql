-- Who this state store is and which warehouse its partition states describe. The warehouse keeps
-- the mirror image (its own id and this store's), so that a deleted or replaced state store or
-- warehouse is noticed at the next command instead of being silently recreated. See README "Repair".
CREATE TABLE partita_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO partita_meta (key, value) VALUES ('state_id', lower(hex(randomblob(16))));
