package io.partita.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 for CLI tests (embedded binaries, started once per JVM): child processes
 * reach it on localhost like any server.
 */
final class CliPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private CliPostgres() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting; the data directory is temporary
                    }
                  }));
    }
    return server;
  }

  /** A new empty database; returns its name. */
  static String freshDatabase() {
    String name = "cli" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return name;
  }

  /** A new empty database, as the URL partita.yaml names it (schema public, no password). */
  static String freshWarehouseUrl() {
    return url(freshDatabase()) + "?schema=public";
  }

  /** The {@code postgresql://} URL of {@code database} for partita.yaml (no password needed). */
  static String url(String database) {
    return "postgresql://postgres@localhost:" + server().getPort() + "/" + database;
  }

  static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + server().getPort() + "/" + database + "?user=postgres");
  }
}
