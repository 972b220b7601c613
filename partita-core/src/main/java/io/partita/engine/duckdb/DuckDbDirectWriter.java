package io.partita.engine.duckdb;

import io.partita.engine.Cancellation;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.WriteMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Writes a partition straight into its target when nothing reads its rows between stage and publish
 * (no checks, no late-arrival metrics, not held back for an atomic run: the caller decides) and its
 * window of the target is empty, as in every first backfill. The model's query, with the window
 * check of {@link WindowCheckedCreate}, is the INSERT of the publishing transaction: the rows are
 * written once, and no staging table is created, described or dropped. As for a staged publish of
 * an empty window ({@link DuckDbPublisher}), it appends without the table lock, and the publish-log
 * row commits with the rows.
 *
 * <p>It takes only an overwrite of a SQL model into a target this engine already created or
 * checked, whose columns the query returns unchanged (by name and type, from DESCRIBE of the query,
 * which only binds it). A window that already has rows is left to the staged path: there the model
 * is computed before anything is deleted, which a model reading its own table ({@code {{ this }}})
 * needs, and the window is backed up and replaced under the table lock. Anything else, and any
 * failure (a row outside the window, a model error, a commit that lost to a concurrent column
 * change), returns empty having written nothing: the caller stages and publishes as usual, which
 * creates the table, applies {@code on_schema_change} or explains the error.
 */
final class DuckDbDirectWriter {
  private final ConnectionSource connections;
  private final DuckDbStager stager;
  private final DuckDbPublisher publisher;

  DuckDbDirectWriter(ConnectionSource connections, DuckDbStager stager, DuckDbPublisher publisher) {
    this.connections = connections;
    this.stager = stager;
    this.publisher = publisher;
  }

  Optional<PublishResult> write(
      StageRequest request, PublishRequest publish, Cancellation cancellation) {
    TableName target = TableName.parse(request.targetRelation());
    if (publish.mode() != WriteMode.OVERWRITE
        || !isSql(request.input())
        || publisher.knownColumns(target).isEmpty()) {
      return Optional.empty();
    }
    String select = WindowCheckedCreate.select(request);
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      cancellation.onCancel(() -> DuckDbStager.cancelQuietly(statement));
      stager.requireOneQuery(connection, request);
      List<Column> columns = SchemaEvolution.describe(connection, select);
      return append(connection, statement, request, target, select, columns, cancellation);
    } catch (SQLException e) {
      if (cancellation.isCancelled()) {
        throw DuckDbStager.cancelled(request, cancellation);
      }
      return Optional.empty();
    }
  }

  /** The INSERT and the publish-log row in one transaction; empty, rolled back, if not possible. */
  private Optional<PublishResult> append(
      Connection connection,
      Statement statement,
      StageRequest request,
      TableName target,
      String select,
      List<Column> columns,
      Cancellation cancellation)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      // Compared inside the transaction, so a column change another publish committed is seen.
      if (!publisher.knownColumns(target).equals(Optional.of(columns))
          || DuckDbBackups.anyInWindow(statement, request, target)) {
        connection.rollback();
        return Optional.empty();
      }
      long rows = statement.executeUpdate("INSERT INTO " + target.sql() + " BY NAME " + select);
      publisher.recordPublish(
          connection,
          new StagedPartition(request, target.sql(), rows),
          DuckDbBackups.backupOf(target),
          0);
      if (cancellation.isCancelled()) {
        throw DuckDbStager.cancelled(request, cancellation);
      }
      connection.commit();
      return Optional.of(new PublishResult(rows, 0));
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static boolean isSql(TaskInput input) {
    return input instanceof TaskInput.WithColumns wrapped
        ? isSql(wrapped.inner())
        : input instanceof TaskInput.Sql;
  }
}
