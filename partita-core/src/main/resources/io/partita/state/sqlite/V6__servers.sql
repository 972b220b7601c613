-- Long-running servers (`partita serve`) that own the warehouse, and runs handed to them by
-- CLI processes that could not open it. See README "Scheduling and late data".
CREATE TABLE servers (
  owner TEXT PRIMARY KEY,            -- host:pid, like runs.owner
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
CREATE TABLE handoffs (
  run_id TEXT PRIMARY KEY REFERENCES runs (id),
  requested_by TEXT NOT NULL,        -- host:pid of the CLI that follows the run
  requested_at TEXT NOT NULL,
  taken_by TEXT,                     -- host:pid of the server executing it
  taken_at TEXT,
  finished_at TEXT,
  error_category TEXT,               -- why the server could not execute it (ErrorCategory name)
  error TEXT
);
CREATE INDEX handoffs_pending ON handoffs (taken_by, requested_at);
