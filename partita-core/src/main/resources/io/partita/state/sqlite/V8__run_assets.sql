-- The real partitions of each asset of a run. A run over D1..D2 may also build upstream
-- partitions before D1 that a dependency window reads and that were missing; `runs` and
-- `run show` print these ranges instead of only the requested one. See README "Plans".
CREATE TABLE run_assets (
  run_id TEXT NOT NULL REFERENCES runs (id),
  position INTEGER NOT NULL,
  asset TEXT NOT NULL,
  partitions TEXT NOT NULL,
  tasks INTEGER NOT NULL,
  extra TEXT NOT NULL,
  PRIMARY KEY (run_id, asset)
);
