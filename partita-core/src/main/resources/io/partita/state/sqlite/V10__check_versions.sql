-- Every check verdict names the version of the asset it judged (v1, v2, ...), so `checks` can show
-- the live version's verdicts and, on request, a candidate's. Verdicts stored before this know no
-- version: they get the version their run created, else the version their partition was written
-- to by their run, else v1 (every asset starts at v1).
ALTER TABLE check_results ADD COLUMN version TEXT NOT NULL DEFAULT 'v1';
UPDATE check_results SET version = (
  SELECT v.version FROM asset_versions v
  WHERE v.asset = check_results.asset AND v.created_by_run = check_results.run_id)
WHERE EXISTS (
  SELECT 1 FROM asset_versions v
  WHERE v.asset = check_results.asset AND v.created_by_run = check_results.run_id);
UPDATE check_results SET version = (
  SELECT p.version FROM version_partitions p
  WHERE p.asset = check_results.asset AND p.partition = check_results.partition
    AND p.run_id = check_results.run_id)
WHERE EXISTS (
  SELECT 1 FROM version_partitions p
  WHERE p.asset = check_results.asset AND p.partition = check_results.partition
    AND p.run_id = check_results.run_id);
CREATE INDEX check_results_by_version ON check_results (asset, version, partition, created_at);
