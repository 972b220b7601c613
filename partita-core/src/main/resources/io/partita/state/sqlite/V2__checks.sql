CREATE TABLE check_results (
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
CREATE INDEX check_results_by_partition ON check_results (asset, partition, created_at);
CREATE INDEX check_results_by_run ON check_results (run_id);
CREATE TABLE partition_metrics (
  asset TEXT NOT NULL,
  partition TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  run_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (asset, metric, partition)
);
