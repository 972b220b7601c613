-- Explicit sequence columns instead of SQLite's implicit rowid, so that the shared JDBC stores
-- order rows the same way on every database (PostgreSQL has no rowid; its scripts use identity
-- columns). Each table is rebuilt with an id, existing rows keep their order: id = old rowid.
-- (Version 8 is left to the verdict-versions branch; migrations are applied by version.)
CREATE TABLE check_results_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  asset TEXT NOT NULL,
  partition TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  check_name TEXT NOT NULL,
  severity TEXT NOT NULL,
  outcome TEXT NOT NULL,
  metric REAL,
  threshold TEXT NOT NULL,
  message TEXT NOT NULL,
  quarantine TEXT,
  sample TEXT,
  created_at TEXT NOT NULL
);
INSERT INTO check_results_new (id, run_id, asset, partition, attempt, check_name, severity, outcome,
  metric, threshold, message, quarantine, sample, created_at)
  SELECT rowid, run_id, asset, partition, attempt, check_name, severity, outcome, metric, threshold,
    message, quarantine, sample, created_at FROM check_results;
DROP TABLE check_results;
ALTER TABLE check_results_new RENAME TO check_results;
CREATE INDEX check_results_by_partition ON check_results (asset, partition, created_at);
CREATE INDEX check_results_by_run ON check_results (run_id);

CREATE TABLE version_events_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  asset TEXT NOT NULL,
  action TEXT NOT NULL,
  from_version TEXT,
  to_version TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT,
  details TEXT,
  at TEXT NOT NULL
);
INSERT INTO version_events_new (id, asset, action, from_version, to_version, actor, reason, details, at)
  SELECT rowid, asset, action, from_version, to_version, actor, reason, details, at FROM version_events;
DROP TABLE version_events;
ALTER TABLE version_events_new RENAME TO version_events;

CREATE TABLE late_arrivals_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  asset TEXT NOT NULL,
  partition TEXT NOT NULL,
  run_id TEXT NOT NULL,
  rows_total INTEGER NOT NULL,
  rows_late INTEGER NOT NULL,
  lateness_p50_seconds REAL,
  lateness_p95_seconds REAL,
  lateness_p99_seconds REAL,
  lateness_max_seconds REAL,
  rows_added INTEGER NOT NULL,
  rows_changed INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  -- lateness in seconds at quantiles 0.00, 0.01, ..., 1.00, comma-separated
  lateness_quantiles TEXT NOT NULL,
  UNIQUE (asset, partition, run_id)
);
INSERT INTO late_arrivals_new (id, asset, partition, run_id, rows_total, rows_late,
  lateness_p50_seconds, lateness_p95_seconds, lateness_p99_seconds, lateness_max_seconds,
  rows_added, rows_changed, recorded_at, lateness_quantiles)
  SELECT rowid, asset, partition, run_id, rows_total, rows_late, lateness_p50_seconds,
    lateness_p95_seconds, lateness_p99_seconds, lateness_max_seconds, rows_added, rows_changed,
    recorded_at, lateness_quantiles FROM late_arrivals;
DROP TABLE late_arrivals;
ALTER TABLE late_arrivals_new RENAME TO late_arrivals;
CREATE INDEX late_arrivals_by_time ON late_arrivals (asset, recorded_at);
