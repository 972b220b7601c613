package io.partita.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 for CLI tests (the embedded binaries of io.zonky, as core's {@code
 * TestPostgres}), started once per JVM; each test gets a database of its own, named in a {@code
 * warehouse: postgresql://postgres@localhost:PORT/DB} URL. The user needs no password.
 */
final class CliPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private CliPostgres() {}

  /** A new empty database, as the URL partita.yaml names it. */
  static synchronized String freshWarehouseUrl() {
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
    String name = "cli" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return "postgresql://postgres@localhost:" + server.getPort() + "/" + name + "?schema=public";
  }
}
