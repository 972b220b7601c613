package io.partita.engine.postgres;

import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.StagedReads;
import io.partita.model.ColumnChanges.Column;
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
 * What becomes of a staging table besides a publish: quarantine, discard, and the overlay views
 * through which an atomic run's downstream tasks read what it staged. PostgreSQL has no {@code
 * UNION ALL BY NAME}: the overlay lists the columns, taking NULL for a column a side lacks.
 */
final class PostgresStagingRelations implements StagedReads {
  private final ConnectionSource connections;
  private final PgLayout layout;
  private final Clock clock;

  PostgresStagingRelations(ConnectionSource connections, PgLayout layout, Clock clock) {
    this.connections = connections;
    this.layout = layout;
    this.clock = clock;
  }

  /** Copies the rows into a logged table (staging tables are unlogged) stamped with the time. */
  String quarantine(StagedPartition staged) {
    StageRequest request = staged.request();
    PgName staging = layout.parse(staged.stagingRelation());
    PgName quarantine = new PgName(layout.quarantineSchema(), staging.name());
    String at = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + quarantine.sql() + " AS SELECT * FROM " + staging.sql());
      // The comment records when it was quarantined, so `gc` can expire it.
      statement.execute(
          "COMMENT ON TABLE " + quarantine.sql() + " IS " + PgName.literal(at.replace('T', ' ')));
      statement.execute("DROP TABLE IF EXISTS " + staging.sql());
      return quarantine.sql();
    } catch (SQLException e) {
      throw PgErrors.wrap(request, "quarantining " + staging, e);
    }
  }

  void discard(StagedPartition staged) {
    PgName staging = layout.parse(staged.stagingRelation());
    try (Connection connection = connections.open()) {
      PgColumns.execute(connection, "DROP TABLE IF EXISTS " + staging.sql());
    } catch (SQLException e) {
      throw PgErrors.wrap(staged.request(), "discarding " + staging, e);
    }
  }

  /**
   * A view over the version the run writes that hides the rows the staged partitions replace and
   * adds the staged rows.
   */
  @Override
  public String overlay(
      String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests) {
    PgName base = layout.parse(staged.get(0).request().targetRelation());
    PgName view =
        new PgName(layout.stageSchema(), "overlay__" + name.replaceAll("[^A-Za-z0-9_]", "_"));
    try (Connection connection = connections.open()) {
      List<Column> baseColumns = PgColumns.of(connection, base);
      List<Column> columns =
          baseColumns.isEmpty()
              ? PgColumns.of(connection, layout.parse(staged.get(0).stagingRelation()))
              : baseColumns;
      StringBuilder sql = new StringBuilder();
      if (!baseColumns.isEmpty()) {
        sql.append("SELECT ")
            .append(PgBackups.columnList(columns, "t."))
            .append(" FROM ")
            .append(base.sql())
            .append(" t WHERE TRUE");
        for (int i = 0; i < staged.size(); i++) {
          sql.append(" AND ").append(shown(staged.get(i), requests.get(i)));
        }
      }
      for (StagedPartition partition : staged) {
        PgName staging = layout.parse(partition.stagingRelation());
        List<Column> stagedColumns = PgColumns.of(connection, staging);
        String select =
            columns.stream()
                .map(
                    column ->
                        PgColumns.find(stagedColumns, column.name()).isPresent()
                            ? PgName.quote(column.name())
                            : "NULL::" + column.type() + " AS " + PgName.quote(column.name()))
                .collect(Collectors.joining(", "));
        sql.append(sql.isEmpty() ? "" : " UNION ALL ")
            .append("SELECT ")
            .append(select)
            .append(" FROM ")
            .append(staging.sql());
      }
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP VIEW IF EXISTS " + view.sql());
        statement.execute("CREATE VIEW " + view.sql() + " AS " + sql);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
      return view.sql();
    } catch (SQLException e) {
      throw new EngineException(
          "Cannot build the overlay of " + asset + " for " + name + ": " + PgErrors.clean(e),
          true,
          e);
    }
  }

  /** The condition on a published row {@code t} that keeps it visible beside {@code staged}. */
  private String shown(StagedPartition staged, PublishRequest request) {
    if (request.mode() == WriteMode.MERGE) {
      return "NOT EXISTS (SELECT 1 FROM "
          + layout.parse(staged.stagingRelation()).sql()
          + " s WHERE "
          + PgBackups.keysEqual(request.uniqueKey(), "s", "t")
          + ")";
    }
    StageRequest stage = staged.request();
    return "NOT (" + PgBackups.window("t", stage.timeColumn(), stage.partition()) + ")";
  }

  @Override
  public void dropView(String relation) {
    try (Connection connection = connections.open()) {
      PgColumns.execute(connection, "DROP VIEW IF EXISTS " + layout.parse(relation).sql());
    } catch (SQLException e) {
      throw new EngineException("Cannot drop view " + relation + ": " + PgErrors.clean(e), true, e);
    }
  }
}
