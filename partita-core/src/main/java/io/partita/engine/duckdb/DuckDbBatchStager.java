package io.partita.engine.duckdb;

import io.partita.engine.Cancellation;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Stages consecutive partitions of one asset with one query: the model, rendered for the window
 * that spans them, runs once into a batch table; the window check covers the span; then each
 * partition gets its own staging relation, a view of the batch showing its window ({@link
 * BatchViews}), so checks, quarantine and publish see exactly what {@link DuckDbStager} would have
 * staged for it alone.
 */
final class DuckDbBatchStager {
  private final ConnectionSource connections;
  private final StagingNames names;
  private final StagedSchemas schemas;
  private final BatchViews views;

  DuckDbBatchStager(
      ConnectionSource connections, StagingNames names, StagedSchemas schemas, BatchViews views) {
    this.connections = connections;
    this.names = names;
    this.schemas = schemas;
    this.views = views;
  }

  List<StagedPartition> stage(List<StageRequest> requests, Cancellation cancellation) {
    StageRequest first = requests.get(0);
    StageRequest last = requests.get(requests.size() - 1);
    String where =
        String.format(
            "asset '%s' partitions %s..%s (%s)",
            first.asset(), first.partition().key(), last.partition().key(), first.definedIn());
    TableName batch = names.next(first);
    List<TableName> parts = new ArrayList<>();
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      DuckDbStager.requireOneQuery(connection, first, first.input(), new java.util.HashSet<>());
      cancellation.onCancel(() -> DuckDbStager.cancelQuietly(statement));
      DuckDbStager.create(statement, batch, first, cancellation);
      try {
        if (cancellation.isCancelled()) {
          throw DuckDbStager.cancelled(first, cancellation);
        }
        // Described once for the batch: every part is a view of it, so the publisher reads each
        // part's columns from here instead of describing it.
        List<io.partita.model.ColumnChanges.Column> described = schemas.describe(connection, batch);
        schemas.dropped(batch);
        StagingColumns columns =
            new StagingColumns(
                described.stream().map(io.partita.model.ColumnChanges.Column::name).toList());
        DuckDbStager.validateWindow(
            statement,
            batch,
            columns,
            first,
            new DuckDbStager.Window(first.partition().start(), last.partition().end(), where));
        // The window check passed, so the time column exists.
        String column = columns.find(first.timeColumn()).orElseThrow();
        for (StageRequest request : requests) {
          TableName part = names.next(request);
          parts.add(part);
          schemas.keep(part, described);
        }
        views.create(batch, column, requests.stream().map(StageRequest::partition).toList(), parts);
        long[] counts = counts(statement, batch, column, requests);
        List<StagedPartition> staged = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
          staged.add(new StagedPartition(requests.get(i), parts.get(i).sql(), counts[i]));
        }
        return staged;
      } catch (RuntimeException | SQLException e) {
        parts.forEach(schemas::dropped);
        try (Statement cleanup = connection.createStatement()) {
          views.drop(cleanup, parts);
        } catch (SQLException dropFailed) {
          e.addSuppressed(dropFailed);
        }
        DuckDbStager.drop(connection, batch, e);
        throw e;
      }
    } catch (SQLException e) {
      throw SqlErrors.wrap(
          first,
          "staging partitions " + first.partition().key() + ".." + last.partition().key(),
          e);
    }
  }

  /** A column name no model's result would use. */
  private static final String PARTITION = "__partita_partition";

  /** The rows of each partition in {@code batch}, in one pass ({@link BatchViews#tagged}). */
  private static long[] counts(
      Statement statement, TableName batch, String column, List<StageRequest> requests)
      throws SQLException {
    String tagged =
        BatchViews.tagged(
            batch, column, requests.stream().map(StageRequest::partition).toList(), PARTITION);
    long[] counts = new long[requests.size()];
    try (ResultSet result =
        statement.executeQuery(
            "SELECT " + PARTITION + ", count(*) FROM (" + tagged + ") GROUP BY 1")) {
      while (result.next()) {
        counts[result.getInt(1)] = result.getLong(2);
      }
    }
    return counts;
  }
}
