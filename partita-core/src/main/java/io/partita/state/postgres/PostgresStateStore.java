package io.partita.state.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.state.StateStore;
import io.partita.state.jdbc.ConnectionSource;
import io.partita.state.jdbc.JdbcDatabase;
import io.partita.state.jdbc.JdbcStateStore;
import io.partita.state.jdbc.Migrator;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the state store in a PostgreSQL schema: a small connection pool per process, the schema
 * created and migrated on first open. Many processes on many machines may open the same store at
 * once; claims and leases stay exclusive through row and advisory locks (see {@link
 * PostgresDialect}).
 */
public final class PostgresStateStore {
  /** Threads of one process that may talk to the database at once. */
  static final int POOL_SIZE = 4;

  private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

  /** invalid_authorization_specification (no pg_hba.conf entry), invalid_password. */
  private static final Set<String> LOGIN_REFUSED = Set.of("28000", "28P01");

  private static final String INVALID_CATALOG = "3D000";

  private PostgresStateStore() {}

  /**
   * Connects, creates the schema if needed and migrates it to the newest version.
   *
   * @throws PartitaException USER when the login is refused, the database does not exist or the
   *     schema was written by a newer Partita; INTERNAL when the server cannot be reached
   */
  public static StateStore open(PostgresUrl url, Optional<String> password) {
    PostgresDialect dialect = new PostgresDialect(url.schema());
    HikariDataSource pool = connect(url, password, dialect);
    JdbcDatabase database =
        new JdbcDatabase(ConnectionSource.pooled(pool, pool), dialect, url.display());
    try {
      new Migrator(database, Clock.systemUTC()).migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return new JdbcStateStore(database);
  }

  private static HikariDataSource connect(
      PostgresUrl url, Optional<String> password, PostgresDialect dialect) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("partita-state");
    config.setJdbcUrl(url.jdbcUrl());
    config.setUsername(url.user());
    password.ifPresent(config::setPassword);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    config.setConnectionInitSql(dialect.connectionInitSql());
    config.addDataSourceProperty("ApplicationName", "partita");
    config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT_MILLIS / 1000));
    // Batches of inserts (100,000 tasks of a run) go as multi-row INSERTs.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw unreachable(url, password.isPresent(), e);
    }
  }

  /** Why the first connection failed, said so that the user knows what to fix. */
  private static PartitaException unreachable(
      PostgresUrl url, boolean hadPassword, RuntimeException e) {
    SQLException sql = e.getCause() instanceof SQLException cause ? cause : null;
    String state = sql == null ? "" : String.valueOf(sql.getSQLState());
    String reason = sql == null ? String.valueOf(e.getMessage()) : sql.getMessage();
    if (LOGIN_REFUSED.contains(state) || reason.contains("no password was provided")) {
      return new PartitaException(
          ErrorCategory.USER,
          String.format(
              "PostgreSQL at %s refused the login of user %s (%s): %s",
              url.server(),
              url.user(),
              reason,
              hadPassword
                  ? "check the password in PARTITA_STATE_PASSWORD, PGPASSWORD or ~/.pgpass, and"
                      + " that pg_hba.conf admits this host"
                  : "set PARTITA_STATE_PASSWORD or PGPASSWORD, or add a line"
                      + " HOST:PORT:DATABASE:USER:PASSWORD to ~/.pgpass"),
          e);
    }
    if (INVALID_CATALOG.equals(state)) {
      return new PartitaException(
          ErrorCategory.USER,
          String.format(
              "PostgreSQL at %s:%d has no database %s: create it (createdb -h %s -p %d %s) or fix"
                  + " state: in partita.yaml",
              url.host(), url.port(), url.database(), url.host(), url.port(), url.database()),
          e);
    }
    return PartitaException.internal(
        String.format(
            "Cannot reach the PostgreSQL state store at %s (%s): check that the server runs and"
                + " accepts connections on %s:%d, or fix state: in partita.yaml",
            url.server(), reason, url.host(), url.port()),
        e);
  }
}
