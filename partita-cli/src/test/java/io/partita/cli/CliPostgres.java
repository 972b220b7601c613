package io.partita.cli;

import io.partita.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The CLI tests' view of {@link TestPostgres} (partita-core's test-jar): databases named the way
 * partita.yaml and child processes reach them, on the one embedded PostgreSQL 17 of this JVM.
 */
final class CliPostgres {
  private CliPostgres() {}

  /** A new empty database; returns its name. */
  static String freshDatabase() {
    return TestPostgres.freshDatabaseName();
  }

  /** A new empty database, as the URL partita.yaml names it (schema public, no password). */
  static String freshWarehouseUrl() {
    return url(freshDatabase()) + "?schema=public";
  }

  /** The {@code postgresql://} URL of {@code database} for partita.yaml (no password needed). */
  static String url(String database) {
    return "postgresql://postgres@localhost:" + TestPostgres.port() + "/" + database;
  }

  static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(TestPostgres.jdbcUrl(database));
  }
}
