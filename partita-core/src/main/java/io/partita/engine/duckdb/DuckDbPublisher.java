package io.partita.engine.duckdb;

import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.model.ColumnChanges;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.WriteMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes staged partitions in one transaction. Publishes that delete, merge or change columns in
 * a table are serialised with a lock: DuckDB's optimistic concurrency would otherwise abort one of
 * two concurrent DELETEs or MERGEs on the table with a write-write conflict. Publishes that only
 * append to a known table skip it (see {@link #unlocked}).
 */
final class DuckDbPublisher {
  private final ConnectionSource connections;
  private final Clock clock;
  private final ConcurrentHashMap<TableName, ReentrantLock> tableLocks = new ConcurrentHashMap<>();
  // Columns of targets this engine created or checked; only this publisher changes them. Evicted
  // when a publish fails, in case someone changed the table behind our back.
  private final ConcurrentHashMap<TableName, List<Column>> knownTargets = new ConcurrentHashMap<>();

  private final DuckDbBackups backups;
  private final StagedSchemas schemas;
  private final BatchViews views;

  DuckDbPublisher(
      ConnectionSource connections, Clock clock, StagedSchemas schemas, BatchViews views) {
    this.connections = connections;
    this.clock = clock;
    this.schemas = schemas;
    this.views = views;
    this.backups = new DuckDbBackups(clock);
  }

  /**
   * Publishes every staged partition in one transaction: all become visible, or none. The rows each
   * publish replaces are first copied to the asset's backup table, tagged with the run.
   */
  List<PublishResult> publishAll(
      List<StagedPartition> stagedPartitions, List<PublishRequest> requests) {
    if (stagedPartitions.isEmpty()) {
      return List.of();
    }
    StageRequest first = stagedPartitions.get(0).request();
    // Lock every target in name order so two batches never wait on each other in a cycle.
    java.util.TreeMap<String, ReentrantLock> locks = new java.util.TreeMap<>();
    for (StagedPartition staged : stagedPartitions) {
      TableName target = TableName.parse(staged.request().targetRelation());
      locks.put(target.sql(), tableLocks.computeIfAbsent(target, key -> new ReentrantLock()));
    }
    List<TableName> stagings =
        stagedPartitions.stream().map(s -> TableName.parse(s.stagingRelation())).toList();
    List<PublishResult> results;
    try (Connection connection = connections.open()) {
      if (GroupOverwrite.readsStagingByName(stagedPartitions, requests, knownTargets.keySet())) {
        views.ensure(connection, stagings);
      }
      for (int i = 0; i < stagedPartitions.size(); i++) {
        if (requests.get(i).mode() == WriteMode.MERGE) {
          StagedPartition staged = stagedPartitions.get(i);
          MergeKeys.verifyUnique(
              connection,
              TableName.parse(staged.stagingRelation()),
              requests.get(i).uniqueKey(),
              staged.request());
        }
      }
      results = unlocked(connection, stagedPartitions, requests, locks.size());
      if (results == null) {
        locks.values().forEach(ReentrantLock::lock);
        try {
          results = inTransaction(connection, stagedPartitions, requests, false);
        } finally {
          locks.descendingMap().values().forEach(ReentrantLock::unlock);
        }
      }
      stagings.forEach(schemas::dropped);
      views.dropAfterPublish(connection, stagings);
    } catch (SQLException e) {
      String what =
          stagedPartitions.size() == 1
              ? "publishing to " + TableName.parse(first.targetRelation())
              : "publishing " + stagedPartitions.size() + " partitions in one transaction";
      throw SqlErrors.wrap(first, what, e);
    }
    return results;
  }

  /** The columns of {@code target} when this publisher created or checked it and its backup. */
  Optional<List<Column>> knownColumns(TableName target) {
    return backups.knows(target) ? Optional.ofNullable(knownTargets.get(target)) : Optional.empty();
  }

  /**
   * Appends never conflict in DuckDB, so a publish that only appends (overwrites of empty windows
   * of one target this publisher knows: no DDL, no DELETE, no MERGE, as in every first backfill)
   * runs without the table lock, in parallel with others. Returns null, having rolled back, when it
   * finds rows to replace or columns to change, or fails: the caller publishes again under the
   * lock.
   */
  private List<PublishResult> unlocked(
      Connection connection,
      List<StagedPartition> stagedPartitions,
      List<PublishRequest> requests,
      int targets)
      throws SQLException {
    TableName target = TableName.parse(stagedPartitions.get(0).request().targetRelation());
    if (targets != 1
        || !knownTargets.containsKey(target)
        || !backups.knows(target)
        || requests.stream().anyMatch(request -> request.mode() != WriteMode.OVERWRITE)) {
      return null;
    }
    try {
      return inTransaction(connection, stagedPartitions, requests, true);
    } catch (NeedsLock | SQLException e) {
      // Or a commit that lost to a concurrent column change: nothing committed, so publish again.
      return null;
    }
  }

  private List<PublishResult> inTransaction(
      Connection connection,
      List<StagedPartition> stagedPartitions,
      List<PublishRequest> requests,
      boolean unlocked)
      throws SQLException {
    // Target and backup tables are created BEFORE the transaction, each in its own commit:
    // DuckDB 2.0.0 loses the rows of a large INSERT (more than one row group) into a table
    // created by CREATE TABLE AS ... LIMIT 0 in the same transaction -- they stay invisible to
    // scans until a checkpoint. An empty table left by a failed first publish is harmless.
    Map<TableName, List<Column>> expected = new HashMap<>();
    Map<TableName, ColumnChanges> changes = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < stagedPartitions.size(); i++) {
        StagedPartition staged = stagedPartitions.get(i);
        TableName target = TableName.parse(staged.request().targetRelation());
        prepareTarget(connection, statement, staged, requests.get(i), expected)
            .ifPresent(change -> changes.merge(target, change, SchemaEvolution::combine));
        backups.ensure(statement, target);
      }
    } catch (SQLException | RuntimeException e) {
      knownTargets.clear();
      backups.forget();
      throw e;
    }
    connection.setAutoCommit(false);
    List<PublishResult> results = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      if (unlocked && !changes.isEmpty()) {
        throw new NeedsLock();
      }
      for (Map.Entry<TableName, ColumnChanges> change : changes.entrySet()) {
        backups.columnsChange(change.getKey());
        SchemaEvolution.apply(connection, statement, change.getKey(), change.getValue());
      }
      for (int i = 0, end; i < stagedPartitions.size(); i = end) {
        end = GroupOverwrite.end(stagedPartitions, requests, i);
        if (end - i > 1) {
          List<StagedPartition> group = stagedPartitions.subList(i, end);
          results.addAll(
              GroupOverwrite.publish(statement, backups, views, group, clock.instant(), unlocked));
          continue;
        }
        StagedPartition staged = stagedPartitions.get(i);
        PublishRequest publish = requests.get(i);
        TableName target = TableName.parse(staged.request().targetRelation());
        TableName staging = TableName.parse(staged.stagingRelation());
        if (unlocked && DuckDbBackups.anyInWindow(statement, staged.request(), target)) {
          throw new NeedsLock();
        }
        long backedUp =
            unlocked ? 0 : backups.save(statement, staged.request(), publish, target, staging);
        long replaced =
            publish.mode() == WriteMode.OVERWRITE
                ? overwrite(statement, staged.request(), target, staging, backedUp)
                : MergeKeys.merge(statement, publish.uniqueKey(), target, staging);
        recordPublish(connection, staged, DuckDbBackups.backupOf(target), backedUp);
        results.add(new PublishResult(staged.rows(), replaced));
      }
      connection.commit();
      knownTargets.putAll(expected);
      return results;
    } catch (SQLException | RuntimeException e) {
      if (!(e instanceof NeedsLock)) {
        knownTargets.clear();
        backups.forget();
      }
      rollback(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Creates the target with the staging schema on first publish. Otherwise decides, by the
   * publish's {@code on_schema_change}, which columns the transaction adds or drops ({@code
   * expected} holds each target's columns as they will be once the earlier partitions of the batch
   * are published).
   */
  private Optional<ColumnChanges> prepareTarget(
      Connection connection,
      Statement statement,
      StagedPartition staged,
      PublishRequest publish,
      Map<TableName, List<Column>> expected)
      throws SQLException {
    StageRequest request = staged.request();
    TableName target = TableName.parse(request.targetRelation());
    TableName staging = TableName.parse(staged.stagingRelation());
    List<Column> stagingColumns = schemas.of(connection, staging);
    if (stagingColumns.isEmpty()) {
      throw new EngineException(
          SqlErrors.where(request)
              + ": staging table "
              + staging.sql()
              + " does not exist;"
              + " it was already published or discarded",
          false,
          null);
    }
    List<Column> targetColumns = expected.get(target);
    if (targetColumns == null) {
      targetColumns = knownTargets.get(target);
    }
    if (targetColumns == null) {
      targetColumns = SchemaEvolution.describe(connection, target);
    }
    if (targetColumns.isEmpty()) {
      if (!TableName.DEFAULT_SCHEMA.equals(target.schema())) {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + TableName.quote(target.schema()));
      }
      if (Versions.adoptLegacyTable(connection, statement, target)) {
        targetColumns = SchemaEvolution.describe(connection, target);
      } else {
        statement.execute(
            "CREATE TABLE " + target.sql() + " AS SELECT * FROM " + staging.sql() + " LIMIT 0");
        Versions.createViewIfMissing(connection, statement, target);
        knownTargets.put(target, stagingColumns);
        expected.put(target, stagingColumns);
        return Optional.empty();
      }
    }
    ColumnChanges changes =
        SchemaEvolution.decide(
            request, publish.onSchemaChange(), target, targetColumns, stagingColumns);
    List<Column> after = new ArrayList<>(targetColumns);
    after.removeIf(column -> changes.removed().contains(column));
    after.addAll(changes.added());
    expected.put(target, List.copyOf(after));
    return changes.isEmpty() ? Optional.empty() : Optional.of(changes);
  }

  /**
   * Replaces the partition's window of {@code target} with the staged rows. {@code windowRows}: the
   * rows the backup copy just found in the same window (same predicate, same transaction, target
   * locked); an empty window, as on every first write of a partition, needs no DELETE.
   */
  static long overwrite(
      Statement statement,
      StageRequest request,
      TableName target,
      TableName staging,
      long windowRows)
      throws SQLException {
    long deleted =
        windowRows == 0
            ? 0
            : statement.executeUpdate(
                "DELETE FROM "
                    + target.sql()
                    + " t WHERE "
                    + DuckDbBackups.window("t", request.timeColumn(), request.partition()));
    statement.executeUpdate(
        "INSERT INTO " + target.sql() + " BY NAME SELECT * FROM " + staging.sql());
    return deleted;
  }

  /** Logs the publish and the backup it took ({@code backupRows} rows in {@code backup}). */
  void recordPublish(
      Connection connection, StagedPartition staged, TableName backup, long backupRows)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(PublishLogTable.INSERT)) {
      PublishLogTable.insert(statement, staged, backup, backupRows, clock.instant());
    }
  }

  /** See {@link io.partita.engine.Engine#restore}. */
  long restore(
      String restoringRunId, String runId, List<io.partita.engine.RestoreRequest> requests) {
    java.util.TreeMap<String, ReentrantLock> locks = new java.util.TreeMap<>();
    for (io.partita.engine.RestoreRequest request : requests) {
      TableName target = TableName.parse(request.targetRelation());
      locks.put(target.sql(), tableLocks.computeIfAbsent(target, key -> new ReentrantLock()));
    }
    try (Connection connection = connections.open()) {
      locks.values().forEach(ReentrantLock::lock);
      try {
        connection.setAutoCommit(false);
        long restored = 0;
        try (Statement statement = connection.createStatement();
            PreparedStatement log =
                connection.prepareStatement(
                    "INSERT INTO "
                        + PublishLogTable.TABLE
                        + " (run_id, asset, partition, attempt, rows, published_at, target) VALUES (?, ?, ?, 0, ?, ?, ?)")) {
          for (io.partita.engine.RestoreRequest request : requests) {
            long rows = backups.restore(statement, runId, request);
            restored += rows;
            log.setString(1, restoringRunId);
            log.setString(2, request.asset());
            log.setString(3, request.partition().key());
            log.setLong(4, rows);
            log.setTimestamp(
                5, Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
            log.setString(6, request.targetRelation());
            log.executeUpdate();
          }
          connection.commit();
          return restored;
        } catch (SQLException | RuntimeException e) {
          rollback(connection, e);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } finally {
        locks.descendingMap().values().forEach(ReentrantLock::unlock);
      }
    } catch (SQLException e) {
      throw new EngineException(
          "Cannot restore the partitions of run " + runId + ": " + SqlErrors.clean(e), false, e);
    }
  }

  long expire(Instant before) {
    try (Connection connection = connections.open()) {
      return backups.expire(connection, before);
    } catch (SQLException e) {
      throw new EngineException("Cannot expire backups: " + SqlErrors.clean(e), true, e);
    }
  }

  private static void rollback(Connection connection, Exception original) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      original.addSuppressed(e);
    }
  }
}
