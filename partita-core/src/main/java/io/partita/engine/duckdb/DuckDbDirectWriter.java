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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

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
 * checked, whose columns the query returns unchanged (by name, order and type), into an empty
 * window, and only when the query returns rows. Each condition is checked inside the transaction by
 * the statements that write, because DuckDB spends about a millisecond planning any statement:
 *
 * <ul>
 *   <li>the INSERT keeps each row only if {@code typeof} of the row, a constant DuckDB folds while
 *       planning, spells the target's columns, and raises an error otherwise (a row outside the
 *       window raises one too);
 *   <li>the publish-log row, a prepared statement kept between tasks, is inserted only if the
 *       window now holds exactly the rows just inserted, and raises an error otherwise: the window
 *       had rows before.
 * </ul>
 *
 * <p>A query without rows checks nothing, so it is rolled back too. A window that already has rows
 * is left to the staged path: there the model is computed before anything is deleted, which a model
 * reading its own table ({@code {{ this }}}) needs, and the window is backed up and replaced under
 * the table lock. Anything else, and any failure (a row outside the window, a model error, a commit
 * that lost to a concurrent column change), returns empty having written nothing: the caller stages
 * and publishes as usual, which creates the table, applies {@code on_schema_change} or explains the
 * error. Connections are kept between tasks with their prepared statements, closed by {@link
 * #close}.
 */
final class DuckDbDirectWriter implements AutoCloseable {
  private final ConnectionSource connections;
  private final java.time.Clock clock;
  private final DuckDbStager stager;
  private final DuckDbPublisher publisher;
  private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();
  // Each target's columns as last seen and DuckDB's spelling of a row of them.
  private final Map<TableName, RowType> rowTypes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  DuckDbDirectWriter(
      ConnectionSource connections,
      java.time.Clock clock,
      DuckDbStager stager,
      DuckDbPublisher publisher) {
    this.connections = connections;
    this.clock = clock;
    this.stager = stager;
    this.publisher = publisher;
  }

  /** A connection kept between tasks with its checked publish-log INSERTs, one per window shape. */
  private record Session(Connection connection, Map<String, PreparedStatement> checkedLogs) {
    void closeQuietly() {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a connection of a closing engine: nothing is left to protect.
      }
    }
  }

  /** {@code typeof} of a row with {@code columns}, e.g. {@code STRUCT(date DATE, x INTEGER)}. */
  private record RowType(List<Column> columns, String spelled) {}

  Optional<PublishResult> write(
      StageRequest request, PublishRequest publish, Cancellation cancellation) {
    TableName target = TableName.parse(request.targetRelation());
    Optional<List<Column>> known = publisher.knownColumns(target);
    if (closed
        || publish.mode() != WriteMode.OVERWRITE
        || !isSql(request.input())
        || known.isEmpty()) {
      return Optional.empty();
    }
    Session session = null;
    boolean reusable = false;
    try {
      session = borrow();
      try (Statement statement = session.connection().createStatement()) {
        cancellation.onCancel(() -> DuckDbStager.cancelQuietly(statement));
        stager.requireOneQuery(session.connection(), request);
        RowType rowType = rowType(statement, target, known.get());
        Optional<PublishResult> written =
            append(session, statement, request, target, rowType, cancellation);
        reusable = true;
        return written;
      }
    } catch (SQLException e) {
      if (cancellation.isCancelled()) {
        throw DuckDbStager.cancelled(request, cancellation);
      }
      return Optional.empty();
    } finally {
      if (session != null) {
        giveBack(session, reusable);
      }
    }
  }

  /** The INSERT and the publish-log row in one transaction; empty, rolled back, if not possible. */
  private Optional<PublishResult> append(
      Session session,
      Statement statement,
      StageRequest request,
      TableName target,
      RowType rowType,
      Cancellation cancellation)
      throws SQLException {
    Connection connection = session.connection();
    connection.setAutoCommit(false);
    try {
      long rows =
          statement.executeUpdate(
              "INSERT INTO "
                  + target.sql()
                  + " BY NAME SELECT partita_row.* FROM (\n"
                  + WindowCheckedCreate.select(request)
                  + "\n) partita_row WHERE CASE WHEN typeof(partita_row) <> "
                  + TableName.literal(rowType.spelled())
                  + " THEN error('partita: the query returns other columns than the table')"
                  + " ELSE true END");
      // No row checked the columns; a column change committed meanwhile is left to the staged path.
      if (rows == 0 || !publisher.knownColumns(target).equals(Optional.of(rowType.columns()))) {
        connection.rollback();
        return Optional.empty();
      }
      PreparedStatement log = checkedLog(session, target, request, rows);
      PublishLogTable.insert(
          log,
          new StagedPartition(request, target.sql(), rows),
          DuckDbBackups.backupOf(target),
          0,
          clock.instant());
      cancellation.awaitCommitPermit();
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

  /**
   * The publish-log INSERT ({@link PublishLogTable#INSERT_SELECT}) that inserts its row only when
   * the window holds exactly the rows the task inserted (an error otherwise), with the window's
   * bounds and that count bound here; its other parameters are the caller's.
   */
  private static PreparedStatement checkedLog(
      Session session, TableName target, StageRequest request, long rows) throws SQLException {
    String start = request.partition().grain().sqlLiteral(request.partition().start());
    String end = request.partition().grain().sqlLiteral(request.partition().end());
    String type = start.substring(0, start.indexOf(' '));
    String column = "t." + TableName.quote(request.timeColumn());
    String key = target.sql() + "\u0000" + column + "\u0000" + type;
    PreparedStatement log = session.checkedLogs().get(key);
    if (log == null) {
      log =
          session
              .connection()
              .prepareStatement(
                  PublishLogTable.INSERT_SELECT
                      + " WHERE CASE WHEN (SELECT count(*) FROM "
                      + target.sql()
                      + " t WHERE "
                      + column
                      + " >= CAST(? AS "
                      + type
                      + ") AND "
                      + column
                      + " < CAST(? AS "
                      + type
                      + ")) <> ? THEN error('partita: the window had rows before this write')"
                      + " ELSE true END");
      session.checkedLogs().put(key, log);
    }
    int first = PublishLogTable.INSERT_PARAMETERS + 1;
    log.setString(first, unquoted(start));
    log.setString(first + 1, unquoted(end));
    log.setLong(first + 2, rows);
    return log;
  }

  private static String unquoted(String literal) {
    return literal.substring(literal.indexOf('\'') + 1, literal.length() - 1);
  }

  /** DuckDB's spelling of a row of {@code columns}, asked once per column list of a target. */
  private RowType rowType(Statement statement, TableName target, List<Column> columns)
      throws SQLException {
    RowType cached = rowTypes.get(target);
    if (cached != null && cached.columns().equals(columns)) {
      return cached;
    }
    StringBuilder select = new StringBuilder("SELECT typeof(partita_row) FROM (SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      select
          .append(i == 0 ? "" : ", ")
          .append("NULL::")
          .append(column.type())
          .append(" AS ")
          .append(TableName.quote(column.name()));
    }
    select.append(") partita_row");
    try (ResultSet result = statement.executeQuery(select.toString())) {
      result.next();
      RowType rowType = new RowType(columns, result.getString(1));
      rowTypes.put(target, rowType);
      return rowType;
    }
  }

  private Session borrow() throws SQLException {
    Session session = idle.pollFirst();
    if (session != null) {
      return session;
    }
    return new Session(connections.open(), new java.util.HashMap<>());
  }

  /** Keeps a session whose transaction ended cleanly; closes any other, and all after close. */
  private void giveBack(Session session, boolean reusable) {
    if (!reusable || closed) {
      session.closeQuietly();
      return;
    }
    idle.offerFirst(session);
    if (closed && idle.remove(session)) {
      session.closeQuietly();
    }
  }

  /** Closes the kept connections (before the engine closes its root connection). */
  @Override
  public void close() {
    closed = true;
    for (Session session = idle.pollFirst(); session != null; session = idle.pollFirst()) {
      session.closeQuietly();
    }
  }

  private static boolean isSql(TaskInput input) {
    return input instanceof TaskInput.WithColumns wrapped
        ? isSql(wrapped.inner())
        : input instanceof TaskInput.Sql;
  }
}
