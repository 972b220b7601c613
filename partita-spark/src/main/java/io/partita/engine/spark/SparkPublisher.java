package io.partita.engine.spark;

import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.model.WriteMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Publishes staged branches onto {@code main}, one Iceberg commit per table: overwrite
 * fast-forwards main to the branch when main has not moved since staging (otherwise the branch's
 * window replaces main's window in one overwrite commit), merge is a {@code MERGE INTO} on the
 * unique key. Each commit carries its publish-log entry in its snapshot summary.
 */
final class SparkPublisher {
  private final IcebergTables tables;
  private final SparkStager stager;
  private final SparkVersions versions;
  private final SparkRows rows;
  private final ConflictingMerges merges = ConflictingMerges.standard();

  SparkPublisher(IcebergTables tables, SparkStager stager, SparkVersions versions) {
    this.tables = tables;
    this.stager = stager;
    this.versions = versions;
    this.rows = new SparkRows(tables.session());
  }

  PublishResult publish(StagedPartition staged, PublishRequest request) {
    return publishAll(List.of(staged), List.of(request)).get(0);
  }

  /**
   * Publishes partitions of one table in one commit. Partitions of several tables are refused
   * before anything is written: the catalog cannot commit several tables atomically.
   */
  List<PublishResult> publishAll(List<StagedPartition> staged, List<PublishRequest> requests) {
    if (staged.size() != requests.size()) {
      throw new IllegalArgumentException(
          staged.size() + " staged partitions but " + requests.size() + " publish requests");
    }
    if (staged.isEmpty()) {
      return List.of();
    }
    Set<String> targets = new LinkedHashSet<>();
    staged.forEach(partition -> targets.add(partition.request().targetRelation()));
    if (targets.size() > 1) {
      if (tables.settings().catalog().commitsSeveralTablesAtomically()) {
        return new IcebergTransactionPublish(tables, this).publish(staged, requests);
      }
      throw new EngineException(
          String.format(
              "%s: cannot publish %d tables (%s) in one transaction: the %s catalog '%s' commits"
                  + " one table at a time; nothing was published. Publish them one by one, or use"
                  + " a catalog with multi-table commits",
              SparkErrors.where(staged.get(0).request()),
              targets.size(),
              String.join(", ", targets),
              tables.settings().catalog().type(),
              tables.catalogName()),
          false,
          null);
    }
    String target = targets.iterator().next();
    List<StagedBranch> branches = branchesOf(staged, requests);
    StageRequest first = staged.get(0).request();
    List<PublishResult> results;
    boolean schemaChanged = false;
    try {
      synchronized (tables.lock(target)) {
        beforePublish(target, staged, requests, branches);
        Table table = tables.loadQualified(target);
        results =
            requests.get(0).mode() == WriteMode.MERGE
                ? merge(target, target, staged, branches, requests.get(0).uniqueKey())
                : overwrite(table, target, staged, branches);
        tables
            .branchCommits()
            .commit(
                table,
                "remove published audit branches",
                (fresh, refs) -> {
                  retiredBranches(fresh, branches).forEach(refs::removeBranchIfPresent);
                  return null;
                });
        schemaChanged = afterPublish(target, requests, branches);
      }
    } catch (EngineException e) {
      throw e;
    } catch (Exception e) {
      throw SparkErrors.wrap(first, "publishing", e);
    }
    finish(staged, branches, schemaChanged);
    return results;
  }

  /**
   * The staged branches of one table's partitions, checking that they publish together (same write
   * mode and key) and were not discarded.
   */
  List<StagedBranch> branchesOf(List<StagedPartition> staged, List<PublishRequest> requests) {
    Set<WriteMode> modes = new LinkedHashSet<>();
    Set<List<String>> keys = new LinkedHashSet<>();
    requests.forEach(
        request -> {
          modes.add(request.mode());
          keys.add(request.uniqueKey());
        });
    if (modes.size() > 1 || keys.size() > 1) {
      throw new EngineException(
          SparkErrors.where(staged.get(0).request())
              + ": partitions of one table publish together only with the same write mode and"
              + " key; nothing was published",
          false,
          null);
    }
    List<StagedBranch> branches = new ArrayList<>();
    for (StagedPartition partition : staged) {
      branches.add(
          stager
              .branchOf(partition)
              .orElseThrow(
                  () ->
                      new EngineException(
                          SparkErrors.where(partition.request())
                              + ": the staged partition "
                              + partition.stagingRelation()
                              + " was discarded; nothing was published",
                          false,
                          null)));
    }
    return branches;
  }

  /** {@code on_schema_change} before the commit; call under the table's lock. */
  void beforePublish(
      String target,
      List<StagedPartition> staged,
      List<PublishRequest> requests,
      List<StagedBranch> branches) {
    for (int i = 0; i < staged.size(); i++) {
      SparkSchemaEvolution.beforePublish(
          staged.get(i).request(),
          tables.session(),
          target,
          branches.get(i).schema(),
          requests.get(i).onSchemaChange());
    }
  }

  /** {@code on_schema_change} after the commit; whether the table's columns changed. */
  boolean afterPublish(String target, List<PublishRequest> requests, List<StagedBranch> branches) {
    boolean changed = false;
    for (int i = 0; i < requests.size(); i++) {
      changed |=
          SparkSchemaEvolution.afterPublish(
              tables.session(), target, branches.get(i).schema(), requests.get(i).onSchemaChange());
    }
    return changed;
  }

  /** The audit branches a publish of {@code branches} retires (a batch's stays while shared). */
  Set<String> retiredBranches(Table table, List<StagedBranch> branches) {
    Set<String> publishedViews = new HashSet<>();
    branches.forEach(branch -> publishedViews.add(branch.view()));
    Set<String> removed = new LinkedHashSet<>();
    for (StagedBranch branch : branches) {
      if (table.refs().containsKey(branch.branch())
          && !stager.sharedWithOthers(branch, publishedViews)) {
        removed.add(branch.branch());
      }
    }
    return removed;
  }

  /** After the commit: forgets the staged partitions and shows the published version. */
  void finish(List<StagedPartition> staged, List<StagedBranch> branches, boolean schemaChanged) {
    for (int i = 0; i < staged.size(); i++) {
      tables.session().sql("DROP VIEW IF EXISTS " + branches.get(i).view());
      stager.forget(staged.get(i));
    }
    String asset = staged.get(0).request().asset();
    String version =
        IcebergTables.versionOf(tables.tableName(branches.get(0).target())).orElseThrow();
    versions.publishedTo(asset, version);
    if (schemaChanged) {
      // The session's published view keeps the columns it was made with.
      versions.showIfLive(asset, version);
    }
  }

  /** Whether main can fast-forward to the branches: all of one branch, main unmoved since. */
  static boolean fastForwards(List<StagedBranch> branches, long main) {
    StagedBranch first = branches.get(0);
    return branches.size() == first.partitions()
        && branches.stream().allMatch(branch -> branch.branch().equals(first.branch()))
        && first.baseSnapshotId() == main;
  }

  /** The rows each partition publishes and the rows of main's window it replaces. */
  List<PublishResult> overwriteResults(
      String target, List<StagedPartition> staged, List<StagedBranch> branches) {
    List<PublishResult> results = new ArrayList<>();
    for (int i = 0; i < staged.size(); i++) {
      results.add(
          new PublishResult(staged.get(i).rows(), rows.count(target, branches.get(i).window())));
    }
    return results;
  }

  private List<PublishResult> overwrite(
      Table table, String target, List<StagedPartition> staged, List<StagedBranch> branches)
      throws Exception {
    List<PublishResult> results = overwriteResults(target, staged, branches);
    // Write-audit-publish proper: main becomes the audited branch, nothing is rewritten. The
    // branch's commit already logs exactly these partitions (a whole batch, or one partition).
    // Decided again on each attempt: another worker may move main between attempts.
    boolean fastForwarded =
        tables
            .branchCommits()
            .commit(
                table,
                "fast-forward main to " + branches.get(0).branch(),
                (fresh, refs) -> {
                  if (!fastForwards(branches, fresh.currentSnapshot().snapshotId())) {
                    return false;
                  }
                  refs.fastForwardMain(branches.get(0).branch());
                  return true;
                });
    if (fastForwarded) {
      return results;
    }
    // Main moved since staging (another partition published, here or in another worker), or only
    // some partitions of a batch publish: the branches' windows replace main's windows in one
    // overwrite commit (Iceberg retries it on a lost race: it deletes only files in the windows).
    overwriteInto(target, target, staged, branches);
    return results;
  }

  /** The branches' windows replace {@code into}'s (main, or a branch of it) in one commit. */
  void overwriteInto(
      String target, String into, List<StagedPartition> staged, List<StagedBranch> branches)
      throws Exception {
    StringJoiner windows = new StringJoiner(" OR ");
    Dataset<Row> union = null;
    for (StagedBranch branch : branches) {
      windows.add("(" + branch.window() + ")");
      Dataset<Row> one =
          tables.session().table(tables.branch(target, branch.branch())).where(branch.window());
      union = union == null ? one : union.unionByName(one);
    }
    DataFrameWriterV2<Row> writer = union.writeTo(into);
    summary(staged).forEach((key, value) -> writer.option("snapshot-property." + key, value));
    writer.overwrite(functions.expr(windows.toString()));
  }

  /** {@code MERGE INTO into} (main, or a branch of it) of the branches' windows on the key. */
  List<PublishResult> merge(
      String target,
      String into,
      List<StagedPartition> staged,
      List<StagedBranch> branches,
      List<String> key)
      throws Exception {
    StringJoiner source = new StringJoiner(" UNION ALL ");
    for (StagedBranch branch : branches) {
      source.add(
          "SELECT * FROM " + tables.branch(target, branch.branch()) + " WHERE " + branch.window());
    }
    StringJoiner on = new StringJoiner(" AND ");
    for (String column : key) {
      on.add("t." + IcebergTables.quote(column) + " = s." + IcebergTables.quote(column));
    }
    String sql =
        "MERGE INTO "
            + into
            + " t USING ("
            + source
            + ") s ON "
            + on
            + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
    String count = "SELECT count(*) FROM " + target + " t JOIN (" + source + ") s ON " + on;
    // Another worker's commit to another partition of the table fails the MERGE's validation:
    // counted and merged again against the new main (see ConflictingMerges).
    long matched =
        merges.run(
            () -> {
              long before = tables.session().sql(count).first().getLong(0);
              CommitMetadata.withCommitProperties(
                  summary(staged), () -> tables.session().sql(sql), RuntimeException.class);
              return before;
            });
    List<PublishResult> results = new ArrayList<>();
    long total = staged.stream().mapToLong(StagedPartition::rows).sum();
    for (StagedPartition partition : staged) {
      // The matched rows are counted for the whole commit; each partition gets its share.
      long share = total == 0 ? 0 : Math.round((double) matched * partition.rows() / total);
      results.add(new PublishResult(partition.rows(), share));
    }
    return results;
  }

  private static Map<String, String> summary(List<StagedPartition> staged) {
    StageRequest first = staged.get(0).request();
    List<PublishLogEntry.Written> written = new ArrayList<>();
    for (StagedPartition partition : staged) {
      written.add(
          new PublishLogEntry.Written(
              partition.request().partition().key(),
              partition.request().attempt(),
              partition.rows()));
    }
    return PublishLogEntry.summary(
        first.runId(), first.asset(), PublishLogEntry.PUBLISH, first.timeColumn(), written);
  }
}
