-- Partita state schema, version 1. Instants are ISO-8601 UTC text with milliseconds
-- (2025-03-01T05:00:00.000Z), so string order is time order. Enums are stored by name.

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  options TEXT NOT NULL,
  snapshot_hash TEXT NOT NULL,
  git_commit TEXT,
  actor TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  owner TEXT,
  heartbeat_at TEXT,
  control TEXT NOT NULL DEFAULT 'NONE'
);

CREATE INDEX runs_by_created_at ON runs (created_at);

CREATE INDEX runs_by_status ON runs (status, created_at);

CREATE TABLE tasks (
  run_id TEXT NOT NULL REFERENCES runs (id),
  asset TEXT NOT NULL,
  partition TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  rows_written INTEGER,
  error TEXT,
  PRIMARY KEY (run_id, asset, partition)
);

CREATE INDEX tasks_by_run_seq ON tasks (run_id, seq);

CREATE TABLE partitions (
  asset TEXT NOT NULL,
  partition TEXT NOT NULL,
  status TEXT NOT NULL,
  rows INTEGER,
  run_id TEXT NOT NULL,
  snapshot_hash TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (asset, partition)
);

CREATE TABLE snapshots (
  hash TEXT PRIMARY KEY,
  files TEXT NOT NULL,
  git_commit TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE leases (
  asset TEXT NOT NULL,
  version TEXT NOT NULL,
  partition TEXT NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs (id),
  PRIMARY KEY (asset, version, partition)
);

CREATE INDEX leases_by_run ON leases (run_id);
