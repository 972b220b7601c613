-- The audit log: one row when a task attempt starts (written before any work) and one when it
-- ends (after publish). Append-only: the triggers refuse UPDATE and DELETE, and no code issues
-- them (AuditAppendOnlyTest greps the source tree).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event TEXT NOT NULL,
  run_id TEXT NOT NULL,
  run_kind TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT,
  snapshot_hash TEXT NOT NULL,
  git_commit TEXT,
  partita_version TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  asset TEXT NOT NULL,
  version TEXT NOT NULL,
  partition TEXT NOT NULL,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  write_mode TEXT NOT NULL,
  status TEXT NOT NULL,
  inputs TEXT NOT NULL,
  rows_read INTEGER,
  rows_written INTEGER,
  checks TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  error TEXT,
  recorded_at TEXT NOT NULL
);
CREATE INDEX audit_log_by_run ON audit_log (run_id);
CREATE INDEX audit_log_by_partition ON audit_log (asset, partition);
CREATE INDEX audit_log_by_time ON audit_log (recorded_at);
-- Which partitions each attempt read: the index behind `partita lineage --downstream`.
CREATE TABLE audit_inputs (
  audit_id INTEGER NOT NULL REFERENCES audit_log (id),
  input_asset TEXT NOT NULL,
  input_version TEXT NOT NULL,
  input_partition TEXT NOT NULL,
  input_run_id TEXT
);
CREATE INDEX audit_inputs_by_input ON audit_inputs (input_asset, input_partition);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_inputs_append_only_update BEFORE UPDATE ON audit_inputs BEGIN SELECT RAISE(ABORT, 'audit_inputs is append-only'); END;
CREATE TRIGGER audit_inputs_append_only_delete BEFORE DELETE ON audit_inputs BEGIN SELECT RAISE(ABORT, 'audit_inputs is append-only'); END;
