package io.partita.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 server for tests, started once per JVM from the embedded binaries (no
 * installation needed) and stopped at JVM exit; child processes reach it on localhost like any
 * server. Each test asks for a {@link #freshDatabase} so tests never see each other's tables. Other
 * modules use it through partita-core's test-jar.
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** The running server, started on first use. */
  public static synchronized EmbeddedPostgres server() {
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

  /**
   * Creates an empty database owned by the {@code postgres} user and returns its JDBC URL, e.g.
   * {@code jdbc:postgresql://localhost:PORT/t3_1234?user=postgres}.
   */
  public static String freshDatabase() {
    return jdbcUrl(freshDatabaseName());
  }

  /** Creates an empty database owned by the {@code postgres} user and returns its name. */
  public static String freshDatabaseName() {
    return createDatabase(
        jdbcUrl("postgres"),
        "t" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid());
  }

  /** The JDBC URL of {@code database} on this server, as user {@code postgres}. */
  public static String jdbcUrl(String database) {
    return jdbcUrl(port(), database);
  }

  /** The port the server listens on (localhost). */
  public static int port() {
    return server().getPort();
  }

  static String jdbcUrl(int port, String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
  }

  /** Creates database {@code name} through {@code adminUrl}; returns the name. */
  static String createDatabase(String adminUrl, String name) {
    try (Connection connection = DriverManager.getConnection(adminUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return name;
  }
}
