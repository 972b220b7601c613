package io.partita.engine.duckdb;

import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.StagedReads;
import io.partita.model.WriteMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What becomes of a staging relation besides a publish: quarantine, discard, and the overlay views
 * through which an atomic run's downstream tasks read what it staged.
 */
final class DuckDbStagingRelations implements StagedReads {
  private final ConnectionSource connections;
  private final Clock clock;
  private final BatchViews views;

  DuckDbStagingRelations(ConnectionSource connections, Clock clock, BatchViews views) {
    this.connections = connections;
    this.clock = clock;
    this.views = views;
  }

  String quarantine(StagedPartition staged) {
    StageRequest request = staged.request();
    TableName staging = TableName.parse(staged.stagingRelation());
    TableName quarantine = new TableName(DuckDbBackups.QUARANTINE_SCHEMA, staging.name());
    String at = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      views.ensure(connection, List.of(staging));
      statement.execute("CREATE TABLE " + quarantine.sql() + " AS SELECT * FROM " + staging.sql());
      // The comment records when it was quarantined, so `gc` can expire it.
      statement.execute(
          "COMMENT ON TABLE "
              + quarantine.sql()
              + " IS "
              + TableName.literal(at.replace('T', ' ')));
      views.drop(statement, staging);
      return quarantine.sql();
    } catch (SQLException e) {
      throw SqlErrors.wrap(request, "quarantining " + staging.sql(), e);
    }
  }

  void discard(StagedPartition staged) {
    TableName staging = TableName.parse(staged.stagingRelation());
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      views.drop(statement, staging);
    } catch (SQLException e) {
      throw SqlErrors.wrap(staged.request(), "discarding " + staging.sql(), e);
    }
  }

  /**
   * A view over the version the run writes (the live one, or a rebuild's new version) that hides
   * the rows the staged partitions replace and adds the staged rows.
   */
  @Override
  public String overlay(
      String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests) {
    TableName base = TableName.parse(staged.get(0).request().targetRelation());
    TableName view =
        new TableName(StagingNames.SCHEMA, "overlay__" + name.replaceAll("[^A-Za-z0-9_]", "_"));
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      views.ensure(
          connection, staged.stream().map(s -> TableName.parse(s.stagingRelation())).toList());
      StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW " + view.sql() + " AS ");
      String union = "";
      if (!StagingColumns.read(connection, base).isEmpty()) {
        sql.append("SELECT * FROM ").append(base.sql()).append(" t WHERE TRUE");
        for (int i = 0; i < staged.size(); i++) {
          sql.append(" AND ").append(hidden(staged.get(i), requests.get(i)));
        }
        union = " UNION ALL BY NAME ";
      }
      for (StagedPartition partition : staged) {
        sql.append(union).append("SELECT * FROM ").append(partition.stagingRelation());
        union = " UNION ALL BY NAME ";
      }
      statement.execute(sql.toString());
      return view.sql();
    } catch (SQLException e) {
      throw new EngineException(
          "Cannot build the overlay of " + asset + " for " + name + ": " + SqlErrors.clean(e),
          true,
          e);
    }
  }

  /** The condition on a published row {@code t} that keeps it visible beside {@code staged}. */
  private static String hidden(StagedPartition staged, PublishRequest request) {
    if (request.mode() == WriteMode.MERGE) {
      String match =
          request.uniqueKey().stream()
              .map(TableName::quote)
              .map(key -> "s." + key + " = t." + key)
              .collect(Collectors.joining(" AND "));
      return "NOT EXISTS (SELECT 1 FROM " + staged.stagingRelation() + " s WHERE " + match + ")";
    }
    StageRequest stage = staged.request();
    return "NOT (" + DuckDbBackups.window("t", stage.timeColumn(), stage.partition()) + ")";
  }

  @Override
  public void dropView(String relation) {
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP VIEW IF EXISTS " + TableName.parse(relation).sql());
    } catch (SQLException e) {
      throw new EngineException(
          "Cannot drop view " + relation + ": " + SqlErrors.clean(e), true, e);
    }
  }
}
