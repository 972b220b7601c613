package io.partita.engine.postgres;

import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.SqlStatements;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Computes a partition into its own {@code UNLOGGED} staging table (no WAL: a crash loses only what
 * was not published, which the run recomputes) and rejects it when the time column is missing or
 * any row lies outside the partition window. Each stage runs on a pooled connection of its own, so
 * stages of different tasks run in parallel.
 */
final class PostgresStager {
  private static final DateTimeFormatter HOUR_BOUND =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

  /** PostgreSQL truncates identifiers past 63 bytes; staging names stay well below. */
  private static final int MAX_ASSET_PART = 24;

  private final ConnectionSource connections;
  private final PgLayout layout;
  private final String engineToken;
  private final AtomicLong sequence = new AtomicLong();

  PostgresStager(ConnectionSource connections, PgLayout layout, String engineToken) {
    this.connections = connections;
    this.layout = layout;
    this.engineToken = engineToken;
  }

  StagedPartition stage(StageRequest request, Cancellation cancellation) {
    requireOneQuery(request, request.input());
    PgName staging = nextName(request);
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      cancellation.onCancel(() -> cancelQuietly(statement));
      if (cancellation.isCancelled()) {
        throw cancelled(request, cancellation);
      }
      try {
        statement.execute(
            "CREATE UNLOGGED TABLE " + staging.sql() + " AS\n" + select(request, request.input()));
      } catch (SQLException e) {
        if (cancellation.isCancelled()) {
          throw cancelled(request, cancellation);
        }
        throw PgErrors.wrap(request, "the query", e);
      }
      try {
        if (cancellation.isCancelled()) {
          throw cancelled(request, cancellation);
        }
        long rows = validateWindow(connection, statement, staging, request);
        return new StagedPartition(request, staging.sql(), rows);
      } catch (RuntimeException | SQLException e) {
        drop(connection, staging, e);
        throw e;
      }
    } catch (SQLException e) {
      throw PgErrors.wrap(request, "staging", e);
    }
  }

  /**
   * {@code _partita_stage."features__2025_03_01__a1__k3f9ab12__7"}: readable for a user who
   * inspects quarantined data, unique thanks to the engine token and sequence number.
   */
  private PgName nextName(StageRequest request) {
    String asset = sanitize(request.asset());
    String name =
        String.join(
            "__",
            asset.length() > MAX_ASSET_PART ? asset.substring(0, MAX_ASSET_PART) : asset,
            sanitize(request.partition().key()),
            "a" + request.attempt(),
            engineToken,
            Long.toString(sequence.incrementAndGet()));
    return new PgName(layout.stageSchema(), name);
  }

  private static String sanitize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  /**
   * Planning checks the model rendered for its first partition; a template may render other
   * partitions differently, so every rendering is checked again here, before any of it runs.
   */
  private static void requireOneQuery(StageRequest request, TaskInput input) {
    if (input instanceof TaskInput.WithColumns wrapped) {
      requireOneQuery(request, wrapped.inner());
    } else if (input instanceof TaskInput.Sql sql) {
      Optional<SqlStatements.Problem> problem =
          PostgresSqlParser.INSTANCE.parse(sql.sql()).notOneQuery(SqlStatements.MODEL_KEYWORDS);
      if (problem.isPresent()) {
        throw new EngineException(
            String.format(
                "%s: the model rendered for this partition %s (line %d); a model is exactly one"
                    + " query (SELECT/WITH/VALUES). Nothing of it ran",
                PgErrors.where(request), problem.get().description(), problem.get().line()),
            false,
            null);
      }
    }
  }

  private static String select(StageRequest request, TaskInput input) {
    if (input instanceof TaskInput.WithColumns wrapped) {
      StringBuilder sql = new StringBuilder("SELECT *");
      wrapped
          .columns()
          .forEach(
              (name, value) ->
                  sql.append(", ").append(value).append(" AS ").append(PgName.quote(name)));
      return sql.append(" FROM (\n")
          .append(select(request, wrapped.inner()))
          .append("\n) AS _partita_model")
          .toString();
    }
    if (input instanceof TaskInput.Sql sql) {
      return stripTrailingSemicolons(sql.sql());
    }
    TaskInput.File file = (TaskInput.File) input;
    throw new EngineException(
        String.format(
            "%s: the command wrote %s, but a PostgreSQL warehouse cannot load command output files"
                + " yet; write the asset as a SQL model, or use a duckdb: warehouse",
            PgErrors.where(request), file.path()),
        false,
        null);
  }

  static String stripTrailingSemicolons(String sql) {
    String text = sql.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }

  private static long validateWindow(
      Connection connection, Statement statement, PgName staging, StageRequest request)
      throws SQLException {
    List<Column> columns = PgColumns.of(connection, staging);
    Optional<String> found = PgColumns.find(columns, request.timeColumn());
    if (found.isEmpty()) {
      throw new EngineException(
          String.format(
              "%s: the result has no time column '%s'; its columns are %s. Add %s to the SELECT"
                  + " or set time_column for the asset",
              PgErrors.where(request),
              request.timeColumn(),
              PgColumns.names(columns),
              request.timeColumn()),
          false,
          null);
    }
    String column = PgName.quote(found.get());
    PartitionKey partition = request.partition();
    String start = partition.grain().sqlLiteral(partition.start());
    String end = partition.grain().sqlLiteral(partition.end());
    String sql =
        String.format(
            "SELECT count(*), count(*) FILTER (WHERE %1$s IS NULL),"
                + " count(*) FILTER (WHERE %1$s < %2$s OR %1$s >= %3$s),"
                + " CAST(min(%1$s) FILTER (WHERE %1$s < %2$s) AS text),"
                + " CAST(max(%1$s) FILTER (WHERE %1$s >= %3$s) AS text) FROM %4$s",
            column, start, end, staging.sql());
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      long rows = result.getLong(1);
      long nulls = result.getLong(2);
      long outside = result.getLong(3);
      String example = result.getString(4) != null ? result.getString(4) : result.getString(5);
      if (nulls > 0 || outside > 0) {
        throw outsideWindow(request, found.get(), nulls, outside, example);
      }
      return rows;
    }
  }

  private static EngineException outsideWindow(
      StageRequest request, String column, long nulls, long outside, String example) {
    PartitionKey partition = request.partition();
    StringBuilder problem = new StringBuilder();
    if (outside > 0) {
      problem.append(
          String.format(
              "%d %s %s outside [%s, %s), e.g. %s",
              outside,
              outside == 1 ? "row has" : "rows have",
              column,
              bound(partition.grain(), partition.start()),
              bound(partition.grain(), partition.end()),
              example));
    }
    if (nulls > 0) {
      problem.append(outside > 0 ? " and " : "");
      problem.append(
          String.format("%d %s NULL %s", nulls, nulls == 1 ? "row has" : "rows have", column));
    }
    return new EngineException(
        String.format(
            "%s: %s; nothing was written. Filter the model with WHERE %s >= {{ start }} AND %s <"
                + " {{ end }}",
            PgErrors.where(request), problem, column, column),
        false,
        null);
  }

  private static String bound(Grain grain, LocalDateTime time) {
    return grain == Grain.HOUR ? time.format(HOUR_BOUND) : time.toLocalDate().toString();
  }

  private static EngineException cancelled(StageRequest request, Cancellation cancellation) {
    return new EngineException(
        PgErrors.where(request) + ": cancelled: " + cancellation.reason(), true, null);
  }

  private static void cancelQuietly(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException e) {
      // The statement finished or was closed in the meantime: nothing left to stop.
    }
  }

  /** Drops the staging table after a failure; a failed drop is attached to the original error. */
  private static void drop(Connection connection, PgName staging, Exception original) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + staging.sql());
    } catch (SQLException e) {
      original.addSuppressed(e);
    }
  }
}
