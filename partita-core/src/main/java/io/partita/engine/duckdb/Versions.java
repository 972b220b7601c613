package io.partita.engine.duckdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned assets in DuckDB: version {@code vN} of asset {@code x} is the table {@code x__vN}; the
 * published name {@code x} is a view {@code SELECT * FROM x__vN} on the live one.
 */
final class Versions {
  private static final Pattern VERSIONED = Pattern.compile("(.+)__(v\\d+)");
  private static final Pattern VIEW_TARGET =
      Pattern.compile("(?i)\\bFROM\\s+(?:\"?[^\".\\s]+\"?\\.)?\"?([^\"\\s;]+)__(v\\d+)\"?");

  private Versions() {}

  static TableName table(String asset, String version) {
    return new TableName(TableName.DEFAULT_SCHEMA, asset + "__" + version);
  }

  static TableName published(String asset) {
    return new TableName(TableName.DEFAULT_SCHEMA, asset);
  }

  /** The published name of a version table, if {@code target} is one. */
  static Optional<TableName> publishedNameOf(TableName target) {
    Matcher matcher = VERSIONED.matcher(target.name());
    return matcher.matches()
        ? Optional.of(new TableName(target.schema(), matcher.group(1)))
        : Optional.empty();
  }

  /** "table", "view" or empty. */
  static Optional<String> kind(Connection connection, TableName name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT 'table' FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?"
                + " UNION ALL SELECT 'view' FROM duckdb_views() WHERE schema_name = ? AND view_name = ?")) {
      statement.setString(1, name.schema());
      statement.setString(2, name.name());
      statement.setString(3, name.schema());
      statement.setString(4, name.name());
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
      }
    }
  }

  /** The version a published view points at. */
  static Optional<String> liveVersion(Connection connection, TableName published)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT sql FROM duckdb_views() WHERE schema_name = ? AND view_name = ?")) {
      statement.setString(1, published.schema());
      statement.setString(2, published.name());
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return Optional.empty();
        }
        Matcher matcher = VIEW_TARGET.matcher(result.getString(1));
        return matcher.find() ? Optional.of(matcher.group(2)) : Optional.empty();
      }
    }
  }

  static void createViewIfMissing(Connection connection, Statement statement, TableName target)
      throws SQLException {
    Optional<TableName> published = publishedNameOf(target);
    if (published.isPresent() && kind(connection, published.get()).isEmpty()) {
      statement.execute(viewSql(published.get(), target));
    }
  }

  static String viewSql(TableName published, TableName target) {
    return "CREATE OR REPLACE VIEW " + published.sql() + " AS SELECT * FROM " + target.sql();
  }

  /**
   * A warehouse written before versions holds the asset in a plain table named like the asset: it
   * becomes version v1 and the published name becomes a view on it.
   */
  static boolean adoptLegacyTable(Connection connection, Statement statement, TableName target)
      throws SQLException {
    Optional<TableName> published = publishedNameOf(target);
    if (published.isEmpty()
        || !target.name().endsWith("__v1")
        || !kind(connection, published.get()).equals(Optional.of("table"))) {
      return false;
    }
    statement.execute(
        "ALTER TABLE " + published.get().sql() + " RENAME TO " + TableName.quote(target.name()));
    statement.execute(viewSql(published.get(), target));
    return true;
  }
}
