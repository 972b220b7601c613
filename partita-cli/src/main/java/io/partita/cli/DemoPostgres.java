package io.partita.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A throw-away PostgreSQL 17 for {@code partita demo --workers N}: embedded binaries, a data
 * directory under the demo's folder, listening on localhost only, and a random password for the
 * {@code postgres} user that TCP logins must give (so the demo passes it the way users do: through
 * {@code PARTITA_STATE_PASSWORD} / {@code PARTITA_WAREHOUSE_PASSWORD}, never in partita.yaml).
 */
final class DemoPostgres implements AutoCloseable {
  static final String USER = "postgres";
  static final String DATABASE = "postgres";

  private final EmbeddedPostgres server;
  private final String password;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoPostgres(EmbeddedPostgres server, String password) {
    this.server = server;
    this.password = password;
  }

  /** Starts the server in {@code dataDirectory} (created; must not hold another cluster). */
  static DemoPostgres start(Path dataDirectory) {
    EmbeddedPostgres server;
    try {
      server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(true)
              .setServerConfig("listen_addresses", "localhost")
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
              // The demo stops the server itself, after its workers and before deleting the folder.
              .setRegisterShutdownHook(false)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    try {
      requirePassword(server, dataDirectory, password);
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(server);
      throw new IllegalStateException("Could not set up the embedded PostgreSQL", e);
    }
    return new DemoPostgres(server, password);
  }

  /**
   * The embedded server trusts every local login; give {@code postgres} a password and make TCP
   * logins prove it (SCRAM), then reload. The local socket stays trusted for {@code pg_ctl stop}.
   */
  private static void requirePassword(EmbeddedPostgres server, Path data, String password)
      throws IOException, SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      // The password is hex: nothing to escape in the literal.
      statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
      Files.writeString(
          data.resolve("pg_hba.conf"),
          """
          local all all trust
          host all all 127.0.0.1/32 scram-sha-256
          host all all ::1/128 scram-sha-256
          """);
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  int port() {
    return server.getPort();
  }

  String password() {
    return password;
  }

  /** {@code postgresql://postgres@localhost:PORT/postgres?schema=SCHEMA}: no password in it. */
  String url(String schema) {
    return "postgresql://" + USER + "@localhost:" + port() + "/" + DATABASE + "?schema=" + schema;
  }

  /** Connections that log in with the password, for the demo's own look at state and warehouse. */
  DataSource dataSource() {
    return server.getPostgresDatabase(Map.of("password", password));
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(server);
    }
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      // pg_ctl stop failed; the server process goes with the data directory the caller deletes.
    }
  }
}
