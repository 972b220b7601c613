package io.partita.engine.spark;

import io.partita.engine.EngineException;
import io.partita.engine.RestoreRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Rollback and garbage collection by Iceberg's own history: a restore copies the partition's rows
 * from the snapshot before the run's publish (time travel) over main's window, and {@code gc}
 * expires old snapshots and removes old audit and quarantine branches.
 */
final class SparkRestorer {
  private final IcebergTables tables;
  private final IcebergPublishLog log;
  private final SparkRows rows;

  SparkRestorer(IcebergTables tables, IcebergPublishLog log) {
    this.tables = tables;
    this.log = log;
    this.rows = new SparkRows(tables.session());
  }

  /**
   * Restores each partition from the snapshot before {@code runId}'s publish of it, one commit per
   * partition (the Hadoop catalog commits one table at a time), each logged as a restore.
   */
  long restore(String restoringRunId, String runId, List<RestoreRequest> partitions) {
    List<PublishLogEntry> publishes = log.publishesOf(runId);
    long restored = 0;
    for (RestoreRequest request : partitions) {
      String partition = request.partition().key();
      PublishLogEntry publish =
          publishes.stream()
              .filter(entry -> entry.published().target().equals(request.targetRelation()))
              .filter(entry -> entry.published().partition().equals(partition))
              .reduce((first, second) -> first)
              .orElseThrow(
                  () ->
                      new EngineException(
                          String.format(
                              "asset '%s' partition %s: run %s did not publish it to %s; nothing"
                                  + " to restore",
                              request.asset(), partition, runId, request.targetRelation()),
                          false,
                          null));
      String target = request.targetRelation();
      String window = IcebergTables.window(request.timeColumn(), request.partition());
      synchronized (tables.lock(target)) {
        Table table = tables.loadQualified(target);
        Long parent = publish.parentSnapshotId();
        if (parent != null && table.snapshot(parent) == null) {
          throw new EngineException(
              String.format(
                  "asset '%s' partition %s: the snapshot %d before run %s expired (partita gc);"
                      + " it cannot be restored",
                  request.asset(), partition, parent, runId),
              false,
              null);
        }
        var before =
            parent == null
                ? tables.session().table(target).where("false")
                : tables
                    .session()
                    .sql(
                        "SELECT * FROM "
                            + target
                            + " VERSION AS OF "
                            + parent
                            + " WHERE "
                            + window);
        long count = parent == null ? 0 : rows.countAt(target, parent, window);
        Map<String, String> summary =
            PublishLogEntry.summary(
                restoringRunId,
                request.asset(),
                PublishLogEntry.RESTORE,
                request.timeColumn(),
                List.of(new PublishLogEntry.Written(partition, 0, count)));
        // The snapshot may predate columns added or dropped since (on_schema_change).
        DataFrameWriterV2<Row> writer =
            SparkSchemaEvolution.fitTo(before, tables.session().table(target).schema())
                .writeTo(target);
        summary.forEach((key, value) -> writer.option("snapshot-property." + key, value));
        try {
          writer.overwrite(functions.expr(window));
        } catch (Exception e) {
          throw new EngineException(
              String.format(
                  "asset '%s' partition %s: restore failed: %s",
                  request.asset(), partition, SparkErrors.oneLine(e)),
              SparkErrors.isTransient(e),
              e);
        }
        restored += count;
      }
    }
    return restored;
  }

  /**
   * Expires snapshots older than {@code before} (keeping main's current one) and removes audit and
   * quarantine branches whose head is older; returns how many snapshots and branches went.
   */
  long expire(Instant before) {
    long removed = 0;
    for (String name : tables.versionTables()) {
      String target = tables.qualified(name);
      synchronized (tables.lock(target)) {
        Table table = tables.loadQualified(target);
        removed +=
            tables
                .branchCommits()
                .commit(
                    table,
                    "remove old audit and quarantine branches",
                    (fresh, refs) -> {
                      List<String> old = oldBranches(fresh, before);
                      old.forEach(refs::removeBranchIfPresent);
                      return old.size();
                    });
        table.refresh();
        int count = size(table.snapshots());
        table.expireSnapshots().expireOlderThan(before.toEpochMilli()).retainLast(1).commit();
        table.refresh();
        removed += count - size(table.snapshots());
      }
    }
    return removed;
  }

  /** The audit and quarantine branches whose head is older than {@code before}. */
  private static List<String> oldBranches(Table table, Instant before) {
    List<String> old = new ArrayList<>();
    for (Map.Entry<String, SnapshotRef> ref : table.refs().entrySet()) {
      boolean partitaBranch =
          ref.getKey().startsWith("audit_") || ref.getKey().startsWith("quarantine_");
      Snapshot head = table.snapshot(ref.getValue().snapshotId());
      if (partitaBranch && head != null && head.timestampMillis() < before.toEpochMilli()) {
        old.add(ref.getKey());
      }
    }
    return old;
  }

  private static int size(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }
}
