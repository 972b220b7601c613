-- Versions of assets: the published name is a view on exactly one physical table (asset__vN).
-- The partitions table keeps the states of the LIVE version; other versions' partition states
-- live in version_partitions and are swapped with it on promote/rollback.
CREATE TABLE asset_versions (
  asset TEXT NOT NULL,
  version TEXT NOT NULL,
  snapshot_hash TEXT,
  created_by_run TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (asset, version)
);
CREATE TABLE version_partitions (
  asset TEXT NOT NULL,
  version TEXT NOT NULL,
  partition TEXT NOT NULL,
  status TEXT NOT NULL,
  rows INTEGER,
  run_id TEXT NOT NULL,
  snapshot_hash TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (asset, version, partition)
);
CREATE TABLE version_events (
  asset TEXT NOT NULL,
  action TEXT NOT NULL,
  from_version TEXT,
  to_version TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT,
  details TEXT,
  at TEXT NOT NULL
);
