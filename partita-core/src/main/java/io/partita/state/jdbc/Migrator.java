package io.partita.state.jdbc;

import io.partita.PartitaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the schema up to the dialect's newest migration. The check and every script run in one
 * write transaction, so two processes opening a fresh database at once apply each migration exactly
 * once: the second waits for the first's lock, then finds nothing left to do.
 */
public final class Migrator {
  private static final String VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS schema_version ("
          + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

  private final JdbcDatabase database;
  private final Clock clock;

  public Migrator(JdbcDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Applies the missing migrations; returns how many were applied (0 when up to date). */
  public int migrate() {
    List<Migration> migrations = database.dialect().migrations();
    return database.write("migrate the state schema", connection -> apply(connection, migrations));
  }

  private int apply(Connection connection, List<Migration> migrations) throws SQLException {
    database.dialect().beforeMigrations(connection);
    try (Statement statement = connection.createStatement()) {
      statement.execute(VERSION_TABLE);
    }
    java.util.Set<Integer> done = appliedVersions(connection);
    int current = done.stream().mapToInt(Integer::intValue).max().orElse(0);
    int newest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    if (current > newest) {
      throw PartitaException.user(
          "The state store %s has schema version %d, newer than this Partita knows (%d);"
              + " upgrade Partita to use it",
          database.location(), current, newest);
    }
    int applied = 0;
    for (Migration migration : migrations) {
      // Applied by version, not "above the newest": branches may number migrations out of
      // order (5 merged before 3 and 4), and a store at 5 must still get 3 and 4.
      if (done.contains(migration.version())) {
        continue;
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements(migration.resource())) {
          statement.execute(sql);
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
        insert.setInt(1, migration.version());
        insert.setString(2, migration.description());
        Timestamps.set(insert, 3, clock.instant());
        insert.executeUpdate();
      }
      applied++;
    }
    return applied;
  }

  private static java.util.Set<Integer> appliedVersions(Connection connection) throws SQLException {
    java.util.Set<Integer> versions = new java.util.HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT version FROM schema_version")) {
      while (row.next()) {
        versions.add(row.getInt(1));
      }
    }
    return versions;
  }

  /** The statements of a script: split at {@code ;} ending a line, {@code --} comments dropped. */
  static List<String> statements(String resource) {
    String script = read(resource);
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        statements.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(trimmed).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static String read(String resource) {
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "Migration script " + resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read migration script " + resource, e);
    }
  }
}
