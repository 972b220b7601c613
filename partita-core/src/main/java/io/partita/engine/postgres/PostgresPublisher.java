package io.partita.engine.postgres;

import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.PublishedPartition;
import io.partita.engine.RestoreRequest;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.model.ColumnChanges;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.WriteMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes staged partitions: one transaction per call ({@link #publishAll} of many partitions
 * too) that backs up the rows it replaces, overwrites (DELETE of the window + INSERT) or merges
 * ({@code MERGE}, PostgreSQL 15+), and writes the publish log row.
 *
 * <p><b>Concurrent writers.</b> Several workers, each with its own engine and pool, may publish
 * into one table at once. Each publish transaction first takes advisory locks ({@link
 * PgPublishLocks}): overwrites of different partitions of one table run in parallel, anything that
 * creates or alters tables or merges runs alone, and no two transactions wait on each other in a
 * cycle. Locks rather than row locks on the publish log, because a publish also creates and alters
 * tables and the view on them, which row locks do not cover; the heavy part (computing the
 * partition) happens at stage time, outside any lock.
 *
 * <p><b>Duplicates.</b> Under its partition's lock, a publish first looks for its own (run, asset,
 * partition, target) in the publish log: a duplicate after a crash (the first publish committed but
 * its worker died before telling the state store) finds it and writes nothing, so the rows exist
 * once and the way back still holds the rows from before the run.
 */
final class PostgresPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresPublisher.class);

  private final ConnectionSource connections;
  private final PgLayout layout;
  private final PgPublishLogTable log;
  private final PgBackups backups;
  private final Clock clock;

  PostgresPublisher(ConnectionSource connections, PgLayout layout, Clock clock) {
    this.connections = connections;
    this.layout = layout;
    this.log = new PgPublishLogTable(layout);
    this.backups = new PgBackups(layout, log);
    this.clock = clock;
  }

  List<PublishResult> publishAll(
      List<StagedPartition> stagedPartitions, List<PublishRequest> requests) {
    if (stagedPartitions.size() != requests.size()) {
      throw new IllegalArgumentException(
          stagedPartitions.size() + " staged partitions but " + requests.size() + " requests");
    }
    if (stagedPartitions.isEmpty()) {
      return List.of();
    }
    StageRequest first = stagedPartitions.get(0).request();
    List<PublishResult> results = new ArrayList<>();
    try (Connection connection = connections.open()) {
      for (int i = 0; i < stagedPartitions.size(); i++) {
        if (requests.get(i).mode() == WriteMode.MERGE) {
          StagedPartition staged = stagedPartitions.get(i);
          PgMergeKeys.verifyUnique(
              connection,
              layout.parse(staged.stagingRelation()),
              requests.get(i).uniqueKey(),
              staged.request());
        }
      }
      // A staging table is this task's own: its columns are read before the publish lock, which
      // every other publish of the asset waits for.
      List<List<Column>> stagingColumns = new ArrayList<>();
      for (StagedPartition staged : stagedPartitions) {
        stagingColumns.add(PgColumns.of(connection, layout.parse(staged.stagingRelation())));
      }
      List<PgName> targets =
          stagedPartitions.stream()
              .map(staged -> layout.parse(staged.request().targetRelation()))
              .toList();
      // Overwrites of existing tables share the asset's lock (each holds its partition's lock
      // alone); a merge, or a publish that must create or alter a table, holds it alone.
      boolean exclusive = requests.stream().anyMatch(r -> r.mode() != WriteMode.OVERWRITE);
      while (true) {
        connection.setAutoCommit(false);
        try {
          if (exclusive) {
            lock(connection, targets);
          } else {
            PgPublishLocks.shared(connection, targets, partitionLocks(stagedPartitions));
          }
          Instant now = clock.instant();
          for (int i = 0; i < stagedPartitions.size(); i++) {
            results.add(
                publishOne(
                    connection,
                    new Staged(stagedPartitions.get(i), stagingColumns.get(i), exclusive),
                    requests.get(i),
                    now));
          }
          connection.commit();
          break;
        } catch (NeedsExclusiveLock e) {
          // Never upgraded in place (two sharers upgrading would wait on each other): the
          // transaction, which has written nothing yet, starts again holding the lock alone.
          connection.rollback();
          results.clear();
          exclusive = true;
        } catch (SQLException | RuntimeException e) {
          rollback(connection, e);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      }
      for (StagedPartition staged : stagedPartitions) {
        dropStaging(connection, layout.parse(staged.stagingRelation()));
      }
    } catch (SQLException e) {
      String what =
          stagedPartitions.size() == 1
              ? "publishing to " + layout.parse(first.targetRelation())
              : "publishing " + stagedPartitions.size() + " partitions in one transaction";
      throw PgErrors.wrap(first, what, e);
    }
    return results;
  }

  /**
   * A staged partition, the columns of its staging table, and whether the publish holds its asset's
   * lock alone (needed to create or alter tables).
   */
  private record Staged(StagedPartition partition, List<Column> columns, boolean exclusive) {}

  /** A publish holding a shared lock found that it must change a table: retried exclusively. */
  private static final class NeedsExclusiveLock extends RuntimeException {
    NeedsExclusiveLock() {
      super(null, null, false, false);
    }
  }

  private PublishResult publishOne(
      Connection connection, Staged ready, PublishRequest publish, Instant now)
      throws SQLException {
    StagedPartition staged = ready.partition();
    StageRequest request = staged.request();
    PgName target = layout.parse(request.targetRelation());
    PgName staging = layout.parse(staged.stagingRelation());
    Optional<PublishedPartition> earlier =
        log
            .read(
                connection,
                "run_id = ? AND asset = ? AND partition = ? AND target = ? ORDER BY id LIMIT 1",
                request.runId(),
                request.asset(),
                request.partition().key(),
                request.targetRelation())
            .stream()
            .findFirst();
    if (earlier.isPresent()) {
      LOG.info(
          "{} was already published by run {}; the duplicate publish writes nothing",
          PgErrors.where(request),
          request.runId());
      return new PublishResult(earlier.get().rows(), 0);
    }
    List<Column> stagingColumns = ready.columns();
    if (stagingColumns.isEmpty()) {
      throw new EngineException(
          PgErrors.where(request)
              + ": staging table "
              + staging
              + " does not exist; it was already published or discarded",
          false,
          null);
    }
    List<Column> targetColumns = PgColumns.of(connection, target);
    if (!ready.exclusive()
        && (targetColumns.isEmpty() || !PgColumns.exists(connection, layout.backupOf(target)))) {
      throw new NeedsExclusiveLock();
    }
    // The target's columns as the backup must copy them: read again only when this publish
    // created the table or changed its columns.
    List<Column> currentColumns = targetColumns;
    try (Statement statement = connection.createStatement()) {
      if (targetColumns.isEmpty()) {
        currentColumns = null;
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + PgName.quote(target.schema()));
        statement.execute(
            "CREATE TABLE "
                + target.sql()
                + " AS SELECT * FROM "
                + staging.sql()
                + " WITH NO DATA");
        PgVersions.createViewIfMissing(connection, target);
        backups.ensure(statement, target);
      } else {
        if (ready.exclusive()) {
          backups.ensure(statement, target);
        }
        ColumnChanges changes =
            PgSchemaEvolution.decide(
                request, publish.onSchemaChange(), target, targetColumns, stagingColumns);
        if (!changes.isEmpty() && !ready.exclusive()) {
          throw new NeedsExclusiveLock();
        }
        if (!changes.isEmpty()) {
          PgSchemaEvolution.apply(connection, backups, target, changes);
          currentColumns = null;
        }
      }
      long backedUp =
          backups.save(
              connection,
              new PgBackups.Saved(request, publish, now),
              target,
              staging,
              currentColumns);
      String columns = PgBackups.columnList(stagingColumns, "");
      long replaced =
          publish.mode() == WriteMode.OVERWRITE
              ? overwrite(statement, request, target, staging, columns)
              : merge(statement, publish.uniqueKey(), target, staging, stagingColumns);
      log.insert(
          connection,
          new PublishedPartition(
              request.runId(),
              request.asset(),
              request.partition().key(),
              request.attempt(),
              staged.rows(),
              now,
              request.targetRelation()),
          layout.backupOf(target).sql(),
          backedUp);
      return new PublishResult(staged.rows(), replaced);
    }
  }

  private static long overwrite(
      Statement statement, StageRequest request, PgName target, PgName staging, String columns)
      throws SQLException {
    long deleted =
        statement.executeUpdate(
            "DELETE FROM "
                + target.sql()
                + " t WHERE "
                + PgBackups.window("t", request.timeColumn(), request.partition()));
    statement.executeUpdate(
        "INSERT INTO "
            + target.sql()
            + " ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + staging.sql());
    return deleted;
  }

  /**
   * PostgreSQL's {@code MERGE} (15+) needs no unique index on the keys; the count of matched rows
   * is taken first, in the same transaction. Named columns: the target may hold columns the model
   * no longer returns; they keep their value on update and get NULL on insert.
   */
  private static long merge(
      Statement statement,
      List<String> uniqueKey,
      PgName target,
      PgName staging,
      List<Column> stagingColumns)
      throws SQLException {
    String on = PgBackups.keysEqual(uniqueKey, "t", "s");
    long matched;
    try (ResultSet result =
        statement.executeQuery(
            "SELECT count(*) FROM " + target.sql() + " t JOIN " + staging.sql() + " s ON " + on)) {
      result.next();
      matched = result.getLong(1);
    }
    List<String> columns =
        stagingColumns.stream().map(column -> PgName.quote(column.name())).toList();
    statement.executeUpdate(
        "MERGE INTO "
            + target.sql()
            + " t USING "
            + staging.sql()
            + " s ON ("
            + on
            + ") WHEN MATCHED THEN UPDATE SET "
            + columns.stream().map(c -> c + " = s." + c).collect(Collectors.joining(", "))
            + " WHEN NOT MATCHED THEN INSERT ("
            + String.join(", ", columns)
            + ") VALUES ("
            + columns.stream().map(c -> "s." + c).collect(Collectors.joining(", "))
            + ")");
    return matched;
  }

  /** See {@link io.partita.engine.PartitionWriter#restore}. */
  long restore(String restoringRunId, String runId, List<RestoreRequest> requests) {
    try (Connection connection = connections.open()) {
      connection.setAutoCommit(false);
      try {
        lock(connection, requests.stream().map(r -> layout.parse(r.targetRelation())).toList());
        Instant now = clock.instant();
        long restored = 0;
        for (RestoreRequest request : requests) {
          long rows = backups.restore(connection, runId, request);
          restored += rows;
          log.insert(
              connection,
              new PublishedPartition(
                  restoringRunId,
                  request.asset(),
                  request.partition().key(),
                  0,
                  rows,
                  now,
                  request.targetRelation()),
              null,
              null);
        }
        connection.commit();
        return restored;
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new EngineException(
          "Cannot restore the partitions of run " + runId + ": " + PgErrors.clean(e), false, e);
    }
  }

  long expire(Instant before) {
    try (Connection connection = connections.open()) {
      return backups.expire(connection, before, clock.instant());
    } catch (SQLException e) {
      throw new EngineException("Cannot expire backups: " + PgErrors.clean(e), true, e);
    }
  }

  /** The target and partition key of each staged partition, for its partition lock. */
  private List<String> partitionLocks(List<StagedPartition> partitions) {
    return partitions.stream()
        .map(
            staged ->
                PgLayout.lockName(layout.parse(staged.request().targetRelation()))
                    + " "
                    + staged.request().partition().key())
        .toList();
  }

  /** Takes the publish lock of every asset written alone, in name order; held until commit. */
  static void lock(Connection connection, Collection<PgName> targets) throws SQLException {
    PgPublishLocks.exclusive(connection, targets);
  }

  private static void rollback(Connection connection, Exception original) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      original.addSuppressed(e);
    }
  }

  /**
   * The publish has committed, so a failed drop must not fail the task (a retry would find the
   * partition published); the leftover table is only clutter in the staging schema.
   */
  private static void dropStaging(Connection connection, PgName staging) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + staging.sql());
    } catch (SQLException e) {
      LOG.warn("Could not drop staging table {} after publishing: {}", staging, e.getMessage());
    }
  }
}
