-- Workers, their task claims and the leader lease of `partita serve`: SQLite's V11 with the text
-- keys compared byte-wise (COLLATE "C") like the other tables here, and 64-bit pids.
CREATE TABLE workers (
  name TEXT COLLATE "C" PRIMARY KEY,
  host TEXT NOT NULL,
  pid BIGINT NOT NULL,
  slots INTEGER NOT NULL,
  started_at TEXT COLLATE "C" NOT NULL,
  heartbeat_at TEXT COLLATE "C" NOT NULL,
  stopped_at TEXT COLLATE "C",
  state TEXT COLLATE "C" NOT NULL
);
CREATE TABLE task_claims (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id),
  asset TEXT COLLATE "C" NOT NULL,
  partition TEXT COLLATE "C" NOT NULL,
  worker TEXT COLLATE "C" NOT NULL REFERENCES workers (name),
  pool TEXT COLLATE "C",
  claimed_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (run_id, asset, partition)
);
CREATE INDEX task_claims_by_worker ON task_claims (worker);
CREATE INDEX task_claims_by_pool ON task_claims (pool);
CREATE TABLE leader_leases (
  name TEXT COLLATE "C" PRIMARY KEY,
  holder TEXT COLLATE "C" NOT NULL,
  acquired_at TEXT COLLATE "C" NOT NULL,
  expires_at TEXT COLLATE "C" NOT NULL
);
