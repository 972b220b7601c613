package io.partita.engine.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The column names of a table in declaration order. DuckDB matches names case-insensitively. */
record StagingColumns(List<String> names) {
  StagingColumns {
    names = List.copyOf(names);
  }

  /** The columns of {@code table}; empty when the table does not exist. */
  static StagingColumns read(Connection connection, TableName table) throws SQLException {
    String sql =
        "SELECT column_name FROM duckdb_columns()"
            + " WHERE schema_name = ? AND table_name = ? ORDER BY column_index";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, table.schema());
      statement.setString(2, table.name());
      List<String> names = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          names.add(result.getString(1));
        }
      }
      return new StagingColumns(names);
    }
  }

  /**
   * The columns of a table that should exist, from the metadata of an empty SELECT: much cheaper
   * than scanning {@code duckdb_columns()}, whose cost grows with the catalog. Empty when the table
   * does not exist.
   */
  static StagingColumns ofExisting(Connection connection, TableName table) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM " + table.sql() + " LIMIT 0")) {
      java.sql.ResultSetMetaData metadata = result.getMetaData();
      List<String> names = new ArrayList<>(metadata.getColumnCount());
      for (int i = 1; i <= metadata.getColumnCount(); i++) {
        names.add(metadata.getColumnName(i));
      }
      return new StagingColumns(names);
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("does not exist")) {
        return new StagingColumns(List.of());
      }
      throw e;
    }
  }

  boolean isEmpty() {
    return names.isEmpty();
  }

  Optional<String> find(String column) {
    return names.stream().filter(name -> name.equalsIgnoreCase(column)).findFirst();
  }

  /** Columns of this table that {@code other} lacks. */
  List<String> missingFrom(StagingColumns other) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (other.find(name).isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }
}
