-- What the scheduler has scheduled (the newest partition per asset), its pause switch, and
-- late-arrival metrics per materialized partition.
CREATE TABLE schedule_marks (
  asset TEXT PRIMARY KEY,
  partition TEXT NOT NULL,
  run_id TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE schedule_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE late_arrivals (
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
  PRIMARY KEY (asset, partition, run_id)
);
CREATE INDEX late_arrivals_by_time ON late_arrivals (asset, recorded_at);
