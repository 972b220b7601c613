package io.partita.engine.postgres;

import io.partita.PartitaException;
import io.partita.engine.Column;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.SqlStatements;
import io.partita.engine.WarehouseReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Read-only queries and describe, each in a {@code READ ONLY} transaction that is always rolled
 * back: the server itself refuses any write a query might hide.
 */
final class PostgresReader implements WarehouseReader {
  private static final Set<String> QUERY_STARTS = Set.of("SELECT", "WITH", "VALUES", "TABLE");

  private final ConnectionSource connections;
  private final PostgresDialect dialect;

  PostgresReader(ConnectionSource connections, PostgresDialect dialect) {
    this.connections = connections;
    this.dialect = dialect;
  }

  @Override
  public QueryResult query(String sql, int maxRows) {
    refuseUnlessOneRead(sql);
    try (Connection connection = connections.open()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION READ ONLY");
        statement.setMaxRows(maxRows == Integer.MAX_VALUE ? 0 : maxRows + 1);
        if (!statement.execute(PostgresStager.stripTrailingSemicolons(sql))) {
          throw PartitaException.user(
              "Query failed: the statement returned no rows; partita query runs read-only"
                  + " statements such as SELECT or SHOW");
        }
        try (ResultSet result = statement.getResultSet()) {
          return PgValues.INSTANCE.read(result, maxRows);
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw PartitaException.user("Query failed: %s", PgErrors.clean(e));
    }
  }

  /**
   * The columns the server's binder gives the query (a relation is read as {@code SELECT *}): the
   * statement is prepared and described, never executed.
   */
  @Override
  public List<Column> describe(String relationOrQuery) {
    String text = PostgresStager.stripTrailingSemicolons(relationOrQuery);
    String sql = isQuery(text) ? text : "SELECT * FROM " + text;
    refuseUnlessOneRead(sql);
    try (Connection connection = connections.open();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      ResultSetMetaData meta = statement.getMetaData();
      List<Column> columns = new ArrayList<>();
      for (int i = 1; meta != null && i <= meta.getColumnCount(); i++) {
        columns.add(
            new Column(meta.getColumnLabel(i), PgColumns.typeName(meta.getColumnTypeName(i))));
      }
      return columns;
    } catch (SQLException e) {
      throw PartitaException.user("Cannot describe %s: %s", relationOrQuery, PgErrors.clean(e));
    }
  }

  @Override
  public SqlDialect dialect() {
    return dialect;
  }

  private static boolean isQuery(String text) {
    String start = text.stripLeading();
    if (start.startsWith("(")) {
      return true;
    }
    int end = 0;
    while (end < start.length() && Character.isLetter(start.charAt(end))) {
      end++;
    }
    return QUERY_STARTS.contains(start.substring(0, end).toUpperCase(Locale.ROOT));
  }

  private static void refuseUnlessOneRead(String sql) {
    SqlStatements statements = PostgresSqlParser.INSTANCE.parse(sql);
    statements
        .notOneQuery(PostgresDialect.READ_KEYWORDS)
        .ifPresent(
            problem -> {
              throw PartitaException.user(
                  "Query refused: the SQL %s%s; only one read-only query (SELECT, WITH, VALUES,"
                      + " TABLE or SHOW) may run here, and nothing is written",
                  problem.description(),
                  sql.strip().contains("\n") ? " (line " + problem.line() + ")" : "");
            });
  }
}
