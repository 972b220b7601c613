package io.partita.engine.spark;

import io.partita.engine.PublishRequest;
import io.partita.engine.StagedPartition;
import io.partita.model.WriteMode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.iceberg.Table;

/** Quarantine and discard of staged branches, and overlays of an asset with a run's branches. */
final class SparkStagingRelations {
  private final IcebergTables tables;
  private final SparkStager stager;
  private final SparkVersions versions;

  SparkStagingRelations(IcebergTables tables, SparkStager stager, SparkVersions versions) {
    this.tables = tables;
    this.stager = stager;
    this.versions = versions;
  }

  /**
   * Renames the audit branch to {@code quarantine_...} and returns it: the partition's window of
   * that branch holds the rows that failed their checks; main never saw them. A branch that other
   * partitions of a batch still read is kept: the quarantine is a new branch at the same snapshot.
   */
  String quarantine(StagedPartition staged) {
    StagedBranch branch = stager.branchOf(staged).orElseThrow(() -> discarded(staged));
    String renamed = "quarantine_" + branch.branch().substring("audit_".length());
    String quarantine =
        branch.partitions() == 1
            ? renamed
            : renamed + "_" + staged.request().partition().key().replaceAll("[^A-Za-z0-9]", "_");
    synchronized (tables.lock(branch.target())) {
      Table table = tables.loadQualified(branch.target());
      tables
          .branchCommits()
          .commit(
              table,
              "quarantine branch " + branch.branch(),
              (fresh, refs) -> {
                if (branch.partitions() == 1) {
                  refs.renameBranch(branch.branch(), quarantine);
                } else {
                  long snapshot = fresh.refs().get(branch.branch()).snapshotId();
                  refs.createBranch(quarantine, snapshot);
                  if (!stager.sharedWithOthers(branch, Set.of(branch.view()))) {
                    refs.removeBranchIfPresent(branch.branch());
                  }
                }
                return null;
              });
    }
    tables.session().sql("DROP VIEW IF EXISTS " + branch.view());
    stager.forget(staged);
    return tables.branch(branch.target(), quarantine);
  }

  /**
   * Removes the audit branch (once no other staged partition of its batch reads it) and the view.
   * Idempotent.
   */
  void discard(StagedPartition staged) {
    Optional<StagedBranch> found = stager.branchOf(staged);
    if (found.isEmpty()) {
      return;
    }
    StagedBranch branch = found.get();
    synchronized (tables.lock(branch.target())) {
      if (!stager.sharedWithOthers(branch, Set.of(branch.view()))) {
        tables
            .load(tables.tableName(branch.target()))
            .ifPresent(
                table ->
                    tables
                        .branchCommits()
                        .commit(
                            table,
                            "remove branch " + branch.branch(),
                            (fresh, refs) -> refs.removeBranchIfPresent(branch.branch())));
      }
    }
    tables.session().sql("DROP VIEW IF EXISTS " + branch.view());
    stager.forget(staged);
  }

  /**
   * A temporary view showing {@code asset} as it will look once {@code staged} is published:
   * overwritten windows hidden, merged keys replaced, the staged rows added.
   */
  String overlay(
      String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests) {
    String base =
        versions.liveVersion(asset).isPresent() || staged.isEmpty()
            ? versions.relation(asset)
            : staged.get(0).request().targetRelation();
    StringJoiner hidden = new StringJoiner(" AND ");
    StringJoiner shown = new StringJoiner(" UNION ALL ");
    for (int i = 0; i < staged.size(); i++) {
      StagedPartition partition = staged.get(i);
      PublishRequest request = requests.get(i);
      StagedBranch branch = stager.branchOf(partition).orElseThrow(() -> discarded(partition));
      if (request.mode() == WriteMode.MERGE) {
        StringJoiner on = new StringJoiner(" AND ");
        for (String column : request.uniqueKey()) {
          String quoted = IcebergTables.quote(column);
          on.add("s." + quoted + " = b." + quoted);
        }
        hidden.add("NOT EXISTS (SELECT 1 FROM " + branch.view() + " s WHERE " + on + ")");
      } else {
        hidden.add("NOT (" + branch.window() + ")");
      }
      shown.add("SELECT * FROM " + branch.view());
    }
    String view = IcebergTables.quote(name);
    String where = staged.isEmpty() ? "" : " WHERE " + hidden;
    String union = staged.isEmpty() ? "" : " UNION ALL " + shown;
    try {
      tables
          .session()
          .sql(
              "CREATE OR REPLACE TEMPORARY VIEW "
                  + view
                  + " AS SELECT * FROM "
                  + base
                  + " b"
                  + where
                  + union);
    } catch (Exception e) {
      throw new io.partita.engine.EngineException(
          "Cannot build the staged view of asset '" + asset + "': " + SparkErrors.oneLine(e),
          true,
          e);
    }
    return view;
  }

  void dropView(String relation) {
    tables.session().sql("DROP VIEW IF EXISTS " + relation);
  }

  private static io.partita.engine.EngineException discarded(StagedPartition staged) {
    return new io.partita.engine.EngineException(
        SparkErrors.where(staged.request())
            + ": the staged partition "
            + staged.stagingRelation()
            + " was discarded",
        false,
        null);
  }
}
