-- Worker processes (`partita worker`, and `partita backfill` on a shared store) that claim tasks
-- of running runs one by one, their claims, and the leader lease of `partita serve`. Plain
-- ANSI types and TEXT instants as in V1, so the same script ports to PostgreSQL as is.
CREATE TABLE workers (
  name TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  slots INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  stopped_at TEXT,
  state TEXT NOT NULL                -- LIVE, STOPPED (left cleanly) or DEAD (no heartbeat)
);
-- One row per task a worker executes right now. Limits (the run's max parallel, each asset's
-- concurrency within its run, the global pools) are counted over these rows in the claiming
-- transaction; a claim of a DEAD worker is returned to the queue by the next live worker.
CREATE TABLE task_claims (
  run_id TEXT NOT NULL REFERENCES runs (id),
  asset TEXT NOT NULL,
  partition TEXT NOT NULL,
  worker TEXT NOT NULL REFERENCES workers (name),
  pool TEXT,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (run_id, asset, partition)
);
CREATE INDEX task_claims_by_worker ON task_claims (worker);
CREATE INDEX task_claims_by_pool ON task_claims (pool);
CREATE TABLE leader_leases (
  name TEXT PRIMARY KEY,             -- what is led, e.g. 'scheduler'
  holder TEXT NOT NULL,              -- host:pid:start of the leading process
  acquired_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
