package io.partita.state.postgres;

import static java.util.Objects.requireNonNull;

import io.partita.state.jdbc.Migration;
import io.partita.state.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: write transactions at READ COMMITTED on a pooled connection, row locks for claims
 * ({@code FOR UPDATE SKIP LOCKED}) and transaction-scoped advisory locks for the few
 * read-then-write steps ({@link #lock}). Every table lives in one schema, which each connection
 * puts first on its search path. Commits are durable as soon as they return (the server's {@code
 * synchronous_commit} is left on).
 */
final class PostgresDialect implements SqlDialect {
  /**
   * How long a statement waits for a row or advisory lock before failing as busy (and retrying).
   */
  static final java.time.Duration LOCK_TIMEOUT = java.time.Duration.ofSeconds(10);

  /**
   * serialization_failure, deadlock_detected, lock_not_available (the lock timeout ran out): the
   * transaction was rolled back and may succeed when run again.
   */
  private static final Set<String> BUSY_STATES = Set.of("40001", "40P01", "55P03");

  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              10,
              "the schema of SQLite's versions 1 to 10 in one script",
              "io/partita/state/postgres/V10__init.sql"),
          new Migration(
              11,
              "workers, their task claims and the scheduler's leader lease",
              "io/partita/state/postgres/V11__workers.sql"),
          new Migration(
              12,
              "the worker of each audited attempt, tasks done per worker",
              "io/partita/state/postgres/V12__worker_attribution.sql"));

  private final String schema;
  private final long lockTimeoutMillis;

  /**
   * @param schema the schema the tables live in; a plain identifier (see {@link PostgresUrl})
   * @param lockTimeout how long a statement waits for a lock before the transaction is retried
   */
  PostgresDialect(String schema, java.time.Duration lockTimeout) {
    this.schema = requireNonNull(schema, "schema is null");
    this.lockTimeoutMillis = lockTimeout.toMillis();
  }

  @Override
  public void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET search_path TO " + quoted(schema));
      statement.execute("SET lock_timeout = " + lockTimeoutMillis);
    }
  }

  /** The SQL that {@link #configure} runs, for a pool that runs it on each new connection. */
  String connectionInitSql() {
    return "SET search_path TO " + quoted(schema) + "; SET lock_timeout = " + lockTimeoutMillis;
  }

  @Override
  public void beginWrite(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    connection.commit();
    connection.setAutoCommit(true);
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    try {
      connection.rollback();
    } finally {
      // A connection that died (server restart, terminated backend) fails here too; the pool
      // drops it when it comes back.
      if (!connection.isClosed()) {
        connection.setAutoCommit(true);
      }
    }
  }

  @Override
  public void lock(Connection connection, String name) throws SQLException {
    // Advisory locks are per database; the schema in the key keeps two stores in one database
    // from waiting for each other.
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "partita:" + schema + ":" + name);
      lock.execute();
    }
  }

  @Override
  public String claimRowsClause() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public void beforeMigrations(Connection connection) throws SQLException {
    // Two processes opening a fresh database at once: the second waits here until the first has
    // committed its migrations, then finds nothing left to do.
    lock(connection, "migrations");
    // Looked up first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the database even
    // when the schema is there, and a user may be given only an existing schema.
    try (PreparedStatement exists =
        connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      exists.setString(1, schema);
      try (java.sql.ResultSet row = exists.executeQuery()) {
        if (row.next()) {
          return;
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + quoted(schema));
    }
  }

  @Override
  public boolean isBusy(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && BUSY_STATES.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String leaseRequestTableDdl() {
    return "CREATE TEMP TABLE IF NOT EXISTS lease_request"
        + " (asset TEXT COLLATE \"C\" NOT NULL, version TEXT COLLATE \"C\" NOT NULL,"
        + " partition TEXT COLLATE \"C\" NOT NULL)";
  }

  @Override
  public List<Migration> migrations() {
    return MIGRATIONS;
  }

  private static String quoted(String identifier) {
    return "\"" + identifier + "\"";
  }
}
