package io.partita.engine.duckdb;

import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.SqlStatements;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.engine.sql.StageMessages;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Computes a partition into its own staging table and rejects it when the time column is missing or
 * any row lies outside the partition window: checked as the table is created ({@link
 * WindowCheckedCreate}), explained by a window query when that check fails. The heavy SELECT runs
 * on a connection of its own, so stages of different tasks run in parallel.
 */
final class DuckDbStager {
  /** A CREATE of a unique name only conflicts in rare catalog races; retrying is then safe. */
  private static final int CATALOG_CONFLICT_ATTEMPTS = 3;

  private static final DateTimeFormatter HOUR_BOUND =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

  /** Verified model shapes kept at most; a run renders one shape per asset, so few are needed. */
  private static final int MAX_SHAPES = 1024;

  private final ConnectionSource connections;
  private final StagingNames names;
  private final StagedSchemas schemas;
  // Renderings already found to be one query, with the partition's own values blanked out (see
  // shape()): a rendering of the same shape is the same statement with other dates in it.
  private final java.util.Set<String> oneQueryShapes =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  DuckDbStager(ConnectionSource connections, StagingNames names, StagedSchemas schemas) {
    this.connections = connections;
    this.names = names;
    this.schemas = schemas;
  }

  StagedPartition stage(StageRequest request, Cancellation cancellation) {
    TableName staging = names.next(request);
    try (Connection connection = connections.open()) {
      requireOneQuery(connection, request, request.input(), oneQueryShapes);
      try (Statement statement = connection.createStatement()) {
        cancellation.onCancel(() -> cancelQuietly(statement));
        java.util.OptionalLong checked = createChecked(statement, staging, request, cancellation);
        if (checked.isPresent()) {
          return described(connection, staging, request, checked.getAsLong(), cancellation);
        }
      }
      return stageExplained(connection, staging, request, cancellation);
    } catch (SQLException e) {
      throw SqlErrors.wrap(request, "staging", e);
    }
  }

  /**
   * The slow path, after the window check of the fast one failed: stages the partition, then runs
   * the window query that says what is wrong (on a new statement: DuckDB closes a failed one).
   */
  private StagedPartition stageExplained(
      Connection connection, TableName staging, StageRequest request, Cancellation cancellation)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // Statement.cancel interrupts the running query. A cancel that lands after the isCancelled
      // check in create() but before DuckDB starts the query is not seen until the query ends;
      // the check after create() then still reports the attempt as cancelled.
      cancellation.onCancel(() -> cancelQuietly(statement));
      create(statement, staging, request, cancellation);
      try {
        if (cancellation.isCancelled()) {
          throw cancelled(request, cancellation);
        }
        StagingColumns columns =
            new StagingColumns(
                schemas.describe(connection, staging).stream()
                    .map(io.partita.model.ColumnChanges.Column::name)
                    .toList());
        PartitionKey partition = request.partition();
        long rows =
            validateWindow(
                statement,
                staging,
                columns,
                request,
                new Window(partition.start(), partition.end(), SqlErrors.where(request)));
        return new StagedPartition(request, staging.sql(), rows);
      } catch (RuntimeException | SQLException e) {
        schemas.dropped(staging);
        drop(connection, staging, e);
        throw e;
      }
    }
  }

  private static java.util.OptionalLong createChecked(
      Statement statement, TableName staging, StageRequest request, Cancellation cancellation) {
    try {
      return WindowCheckedCreate.create(statement, staging, request, cancellation);
    } catch (SQLException e) {
      throw wrapModel(request, e, WindowCheckedCreate.sql(staging, request));
    }
  }

  /** An error of {@code executed}, which holds the model, with line numbers of the model's own. */
  static EngineException wrapModel(StageRequest request, SQLException e, String executed) {
    return SqlErrors.wrapModel(
        request, describe(request.input()), e, executed, model(request.input()));
  }

  /** The rendered model text as it stands inside the statements that run it; empty for a file. */
  private static String model(TaskInput input) {
    if (input instanceof TaskInput.WithColumns wrapped) {
      return model(wrapped.inner());
    }
    return input instanceof TaskInput.Sql sql ? stripTrailingSemicolons(sql.sql()) : "";
  }

  /** A partition staged and checked in one statement: its columns are kept for the publish. */
  private StagedPartition described(
      Connection connection,
      TableName staging,
      StageRequest request,
      long rows,
      Cancellation cancellation)
      throws SQLException {
    try {
      if (cancellation.isCancelled()) {
        throw cancelled(request, cancellation);
      }
      schemas.describe(connection, staging);
      return new StagedPartition(request, staging.sql(), rows);
    } catch (RuntimeException | SQLException e) {
      schemas.dropped(staging);
      drop(connection, staging, e);
      throw e;
    }
  }

  /** {@link #requireOneQuery(Connection, StageRequest, TaskInput, java.util.Set)} of a request. */
  void requireOneQuery(Connection connection, StageRequest request) throws SQLException {
    requireOneQuery(connection, request, request.input(), oneQueryShapes);
  }

  /**
   * Planning checks the model rendered for its first partition; a template may render other
   * partitions differently, so every rendering is checked again here, before any of it runs.
   */
  static void requireOneQuery(
      Connection connection, StageRequest request, TaskInput input, java.util.Set<String> verified)
      throws SQLException {
    if (input instanceof TaskInput.WithColumns wrapped) {
      requireOneQuery(connection, request, wrapped.inner(), verified);
    } else if (input instanceof TaskInput.Sql sql) {
      String shape = shape(sql.sql(), request.partition());
      if (verified.contains(shape)) {
        return;
      }
      Optional<SqlStatements.Problem> problem =
          DuckDbSqlParser.parse(connection, sql.sql()).notOneQuery(SqlStatements.MODEL_KEYWORDS);
      if (problem.isPresent()) {
        throw new EngineException(
            String.format(
                "%s: the model rendered for this partition %s (line %d); a model is exactly one"
                    + " query (SELECT/WITH/VALUES/FROM). Nothing of it ran",
                SqlErrors.where(request), problem.get().description(), problem.get().line()),
            false,
            null);
      }
      if (verified.size() < MAX_SHAPES) {
        verified.add(shape);
      }
    }
  }

  /**
   * The rendered model with the partition's own start and end literals and key replaced by fixed
   * markers. Two renderings of one shape differ only in digits at the places where those values
   * stand (every literal and key has the same length and punctuation in a grain, and a '-' that no
   * dollar-quote tag may hold); a digit never moves a token boundary, so DuckDB cuts both into the
   * same statements and parsing one decides for both.
   */
  static String shape(String sql, PartitionKey partition) {
    Grain grain = partition.grain();
    String start = grain.sqlLiteral(partition.start());
    String end = grain.sqlLiteral(partition.end());
    // Longest first: a literal contains the bare date, and the key may prefix a bound.
    return sql.replace(start, "\u0000start\u0000")
        .replace(end, "\u0000end\u0000")
        .replace(partition.key(), "\u0000key\u0000");
  }

  static void create(
      Statement statement, TableName staging, StageRequest request, Cancellation cancellation) {
    String sql = "CREATE TABLE " + staging.sql() + " AS\n" + select(request.input());
    for (int attempt = 1; ; attempt++) {
      if (cancellation.isCancelled()) {
        throw cancelled(request, cancellation);
      }
      try {
        statement.execute(sql);
        return;
      } catch (SQLException e) {
        if (cancellation.isCancelled()) {
          throw cancelled(request, cancellation);
        }
        if (!isCatalogConflict(e) || attempt == CATALOG_CONFLICT_ATTEMPTS) {
          throw wrapModel(request, e, sql);
        }
      }
    }
  }

  private static boolean isCatalogConflict(SQLException e) {
    return String.valueOf(e.getMessage()).contains("Catalog write-write conflict");
  }

  static String select(TaskInput input) {
    if (input instanceof TaskInput.WithColumns wrapped) {
      StringBuilder sql = new StringBuilder("SELECT *");
      wrapped
          .columns()
          .forEach(
              (name, value) ->
                  sql.append(", ").append(value).append(" AS ").append(TableName.quote(name)));
      return sql.append(" FROM (\n").append(select(wrapped.inner())).append("\n)").toString();
    }
    if (input instanceof TaskInput.Sql sql) {
      return stripTrailingSemicolons(sql.sql());
    }
    TaskInput.File file = (TaskInput.File) input;
    String path = TableName.literal(file.path().toAbsolutePath().toString());
    return switch (file.format()) {
      case CSV -> "SELECT * FROM read_csv_auto(" + path + ", header = true)";
      case PARQUET -> "SELECT * FROM read_parquet(" + path + ")";
    };
  }

  static String describe(TaskInput input) {
    if (input instanceof TaskInput.WithColumns wrapped) {
      return describe(wrapped.inner());
    }
    if (input instanceof TaskInput.File file) {
      return "loading " + file.path();
    }
    return "the query";
  }

  private static String stripTrailingSemicolons(String sql) {
    String text = sql.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }

  /**
   * The window every staged row must fall in, {@code [start, end)}, and how errors name what was
   * staged.
   */
  record Window(LocalDateTime start, LocalDateTime end, String where) {}

  static long validateWindow(
      Statement statement,
      TableName staging,
      StagingColumns columns,
      StageRequest request,
      Window window)
      throws SQLException {
    Optional<String> found = columns.find(request.timeColumn());
    if (found.isEmpty()) {
      throw new EngineException(
          String.format(
              "%s: the result has no time column '%s'; its columns are %s. Add %s to the SELECT"
                  + " or set time_column for the asset",
              window.where(), request.timeColumn(), columns.names(), request.timeColumn()),
          false,
          null);
    }
    String column = TableName.quote(found.get());
    Grain grain = request.partition().grain();
    String start = grain.sqlLiteral(window.start());
    String end = grain.sqlLiteral(window.end());
    String sql =
        "SELECT count(*),"
            + " count(*) FILTER (WHERE "
            + column
            + " IS NULL),"
            + " count(*) FILTER (WHERE "
            + outside(column, start, end)
            + "),"
            + " CAST(min("
            + column
            + ") FILTER (WHERE "
            + column
            + " < "
            + start
            + ") AS VARCHAR),"
            + " CAST(max("
            + column
            + ") FILTER (WHERE "
            + column
            + " >= "
            + end
            + ") AS VARCHAR)"
            + " FROM "
            + staging.sql();
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      long rows = result.getLong(1);
      long nulls = result.getLong(2);
      long outside = result.getLong(3);
      String example = result.getString(4) != null ? result.getString(4) : result.getString(5);
      if (nulls > 0 || outside > 0) {
        throw outsideWindow(request, window, found.get(), nulls, outside, example);
      }
      return rows;
    }
  }

  /** The predicate of a non-null {@code column} value outside {@code [start, end)}. */
  static String outside(String column, String start, String end) {
    return column + " < " + start + " OR " + column + " >= " + end;
  }

  private static EngineException outsideWindow(
      StageRequest request,
      Window window,
      String column,
      long nulls,
      long outside,
      String example) {
    Grain grain = request.partition().grain();
    StringBuilder problem = new StringBuilder();
    if (outside > 0) {
      problem.append(
          String.format(
              "%d %s %s outside [%s, %s), e.g. %s",
              outside,
              outside == 1 ? "row has" : "rows have",
              column,
              bound(grain, window.start()),
              bound(grain, window.end()),
              example));
    }
    if (nulls > 0) {
      problem.append(outside > 0 ? " and " : "");
      problem.append(
          String.format("%d %s NULL %s", nulls, nulls == 1 ? "row has" : "rows have", column));
    }
    String fix = StageMessages.windowFix(request, column);
    return new EngineException(
        window.where() + ": " + problem + "; nothing was written. " + fix, false, null);
  }

  private static String bound(Grain grain, LocalDateTime time) {
    return grain == Grain.HOUR ? time.format(HOUR_BOUND) : time.toLocalDate().toString();
  }

  static EngineException cancelled(StageRequest request, Cancellation cancellation) {
    return new EngineException(
        SqlErrors.where(request) + ": cancelled: " + cancellation.reason(), true, null);
  }

  static void cancelQuietly(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException e) {
      // The statement finished or was closed in the meantime: nothing left to stop.
    }
  }

  /** Drops the staging table after a failure; a failed drop is attached to the original error. */
  static void drop(Connection connection, TableName staging, Exception original) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + staging.sql());
    } catch (SQLException e) {
      original.addSuppressed(e);
    }
  }
}
