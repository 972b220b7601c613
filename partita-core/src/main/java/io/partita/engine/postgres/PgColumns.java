package io.partita.engine.postgres;

import io.partita.model.ColumnChanges.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Columns of tables, from the catalog, and type names as PostgreSQL spells them. */
final class PgColumns {
  /** The driver's short type names and the catalog's spelling of them ({@code format_type}). */
  private static final Map<String, String> TYPE_NAMES =
      Map.ofEntries(
          Map.entry("int2", "smallint"),
          Map.entry("int4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("float4", "real"),
          Map.entry("float8", "double precision"),
          Map.entry("bool", "boolean"),
          Map.entry("varchar", "character varying"),
          Map.entry("bpchar", "character"),
          Map.entry("timestamp", "timestamp without time zone"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("time", "time without time zone"),
          Map.entry("timetz", "time with time zone"));

  private PgColumns() {}

  /** The columns of {@code table} in order, with their full types; empty when it does not exist. */
  static List<Column> of(Connection connection, PgName table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum")) {
      statement.setString(1, table.sql());
      List<Column> columns = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          columns.add(new Column(result.getString(1), result.getString(2)));
        }
      }
      return columns;
    }
  }

  /** Whether a table, view or other relation of that name exists. */
  static boolean exists(Connection connection, PgName relation) throws SQLException {
    return kind(connection, relation).isPresent();
  }

  /** "table", "view" or empty. */
  static Optional<String> kind(Connection connection, PgName relation) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT relkind FROM pg_class WHERE oid = to_regclass(?)")) {
      statement.setString(1, relation.sql());
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return Optional.empty();
        }
        String kind = result.getString(1);
        return Optional.of("v".equals(kind) || "m".equals(kind) ? "view" : "table");
      }
    }
  }

  /** A column name of {@code columns} equal to {@code name}, or equal ignoring case. */
  static Optional<String> find(List<Column> columns, String name) {
    for (Column column : columns) {
      if (column.name().equals(name)) {
        return Optional.of(column.name());
      }
    }
    return columns.stream()
        .map(Column::name)
        .filter(column -> column.equalsIgnoreCase(name))
        .findFirst();
  }

  static List<String> names(List<Column> columns) {
    return columns.stream().map(Column::name).toList();
  }

  /** The catalog's spelling of a type name the driver reports ({@code int4} is {@code integer}). */
  static String typeName(String driverName) {
    String name = driverName.toLowerCase(Locale.ROOT);
    if (name.startsWith("_")) {
      return typeName(name.substring(1)) + "[]";
    }
    return TYPE_NAMES.getOrDefault(name, name);
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
