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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes staged partitions: one transaction per call ({@link #publishAll} of many partitions
 * too) that backs up the rows it replaces, overwrites (DELETE of the window + INSERT) or merges
 * ({@code MERGE}, PostgreSQL 15+), and writes the publish log row.
 *
 * <p><b>Concurrent writers.</b> Several workers, each with its own engine and pool, may publish
 * into one table at once. Each publish transaction first takes a transaction-scoped advisory lock
 * per asset it writes ({@code pg_advisory_xact_lock}, keyed by the asset's published name, in name
 * order): publishes of one asset run one after the other, publishes of different assets in
 * parallel, and as every transaction takes its locks in the same order before touching any table,
 * two of them never wait on each other in a cycle. The lock, rather than row locks on the publish
 * log, is chosen because a publish also creates and alters tables and the view on them, which row
 * locks do not cover, and because the heavy part (computing the partition) happens at stage time,
 * outside the lock. The lock is released by the commit or rollback, so a worker that dies
 * mid-publish never leaves it held.
 *
 * <p><b>Duplicates.</b> Under the lock, a publish first looks for its own (run, asset, partition,
 * target) in the publish log: a duplicate after a crash (the first publish committed but its worker
 * died before telling the state store) finds it and writes nothing, so the rows exist once and the
 * way back still holds the rows from before the run.
 */
final class PostgresPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresPublisher.class);

  /** The first key of Partita's publish locks ("Ppub"), apart from other users' advisory locks. */
  private static final int PUBLISH_LOCK_SPACE = 0x50707562;

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
      connection.setAutoCommit(false);
      try {
        lock(
            connection,
            stagedPartitions.stream()
                .map(staged -> layout.parse(staged.request().targetRelation()))
                .toList());
        Instant now = clock.instant();
        for (int i = 0; i < stagedPartitions.size(); i++) {
          results.add(publishOne(connection, stagedPartitions.get(i), requests.get(i), now));
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
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

  private PublishResult publishOne(
      Connection connection, StagedPartition staged, PublishRequest publish, Instant now)
      throws SQLException {
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
    List<Column> stagingColumns = PgColumns.of(connection, staging);
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
    try (Statement statement = connection.createStatement()) {
      if (targetColumns.isEmpty()) {
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
        backups.ensure(statement, target);
        ColumnChanges changes =
            PgSchemaEvolution.decide(
                request, publish.onSchemaChange(), target, targetColumns, stagingColumns);
        if (!changes.isEmpty()) {
          PgSchemaEvolution.apply(connection, backups, target, changes);
        }
      }
      long backedUp = backups.save(connection, request, publish, target, staging, now);
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

  /** Takes the publish lock of every asset written, in name order; held until commit. */
  static void lock(Connection connection, Collection<PgName> targets) throws SQLException {
    TreeSet<String> names = new TreeSet<>();
    targets.forEach(target -> names.add(PgLayout.lockName(target)));
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
      for (String name : names) {
        statement.setInt(1, PUBLISH_LOCK_SPACE);
        statement.setString(2, name);
        statement.executeQuery().close();
      }
    }
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
