package io.partita.state.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One-statement work shared by the stores: bind parameters, run an update, read every row. */
final class Statements {
  private Statements() {}

  /** Turns the current row of a result set into a value. */
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** The statement with {@code parameters} bound in order. */
  static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  /** Runs one update in its own write transaction; true when it changed at least one row. */
  static boolean update(JdbcDatabase database, String what, String sql, Object... parameters) {
    int rows =
        database.write(
            what,
            connection -> {
              try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                return statement.executeUpdate();
              }
            });
    return rows > 0;
  }

  /** Every row of one query, read with {@code reader}, in the order the query returns them. */
  static <T> List<T> query(
      JdbcDatabase database, String what, String sql, RowReader<T> reader, Object... parameters) {
    return database.read(what, connection -> readAll(connection, sql, reader, parameters));
  }

  /** Every row of one query on {@code connection}, e.g. inside a write transaction. */
  static <T> List<T> readAll(
      Connection connection, String sql, RowReader<T> reader, Object... parameters)
      throws SQLException {
    List<T> values = new ArrayList<>();
    try (PreparedStatement select = prepare(connection, sql, parameters);
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        values.add(reader.read(row));
      }
    }
    return values;
  }
}
