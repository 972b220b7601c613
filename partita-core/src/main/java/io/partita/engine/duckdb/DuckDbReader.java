package io.partita.engine.duckdb;

import io.partita.PartitaException;
import io.partita.engine.Column;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.SqlStatements;
import io.partita.engine.TaskInput;
import io.partita.engine.WarehouseReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Read-only queries and DESCRIBE, each in a transaction that is always rolled back. */
final class DuckDbReader implements WarehouseReader {
  /** More columns than any relation has; DESCRIBE returns one row per column. */
  private static final int MAX_COLUMNS = 100_000;

  private final ConnectionSource connections;
  private final BatchViews views;

  DuckDbReader(ConnectionSource connections, BatchViews views) {
    this.connections = connections;
    this.views = views;
  }

  /**
   * Runs {@code sql} in a transaction that is always rolled back, so a query never changes the
   * warehouse even on an engine opened for writing. Text that is not one read-only statement is
   * refused before any of it runs: COPY, EXPORT, ATTACH, SET and the like change files or the
   * session outside any transaction.
   */
  @Override
  public QueryResult query(String sql, int maxRows) {
    return query(sql, maxRows, true);
  }

  @Override
  public QueryResult queryGenerated(String sql, int maxRows) {
    return query(sql, maxRows, false);
  }

  private QueryResult query(String sql, int maxRows, boolean userText) {
    try (Connection connection = connections.open()) {
      if (userText) {
        refuseUnlessOneRead(connection, sql);
      }
      // The partitions of a batch this query names as relations (views created on first read).
      views.ensure(connection, sql);
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        if (!statement.execute(DuckDbStager.select(new TaskInput.Sql(sql)))) {
          throw PartitaException.user(
              "Query failed: the statement returned no rows; partita query runs read-only"
                  + " statements such as SELECT, DESCRIBE or SHOW");
        }
        try (ResultSet result = statement.getResultSet()) {
          return QueryValues.INSTANCE.read(result, maxRows);
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      // One line: DuckDB's LINE/caret excerpt follows the message on lines of its own.
      throw PartitaException.user(
          "Query failed: %s", SqlErrors.clean(e).replaceAll("\\s*\\n\\s*", " "));
    }
  }

  /** DuckDB's DESCRIBE takes a table or view name as well as a query. */
  @Override
  public List<Column> describe(String relationOrQuery) {
    QueryResult result = query("DESCRIBE " + relationOrQuery, MAX_COLUMNS);
    List<Column> columns = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      columns.add(new Column(String.valueOf(row.get(0)), String.valueOf(row.get(1))));
    }
    return columns;
  }

  @Override
  public SqlDialect dialect() {
    return DuckDbDialect.INSTANCE;
  }

  private static void refuseUnlessOneRead(Connection connection, String sql) throws SQLException {
    SqlStatements statements = DuckDbSqlParser.parse(connection, sql);
    statements
        .notOneQuery(DuckDbDialect.READ_KEYWORDS)
        .ifPresent(
            problem -> {
              throw PartitaException.user(
                  "Query refused: the SQL %s%s; only one read-only query (SELECT, WITH, VALUES,"
                      + " FROM, DESCRIBE, SHOW or SUMMARIZE) may run here, and nothing is written",
                  problem.description(),
                  sql.strip().contains("\n") ? " (line " + problem.line() + ")" : "");
            });
  }
}
