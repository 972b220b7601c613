package io.partita.state.jdbc;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A state database reached through a {@link ConnectionSource}: one connection shared by the threads
 * of a process under a lock (SQLite), or a small pool (PostgreSQL). Other processes use their own
 * connections and see committed data only.
 *
 * <p>Every {@link SQLException} leaves this class as a {@link PartitaException} of category
 * INTERNAL that names what failed and the database.
 */
public final class JdbcDatabase implements AutoCloseable {
  /** Retries after the driver's own busy wait ran out; each waits twice as long as the last. */
  private static final int BUSY_ATTEMPTS = 5;

  private static final long FIRST_BACKOFF_MILLIS = 50;

  private final ConnectionSource connections;
  private final SqlDialect dialect;
  private final String location;
  private final AtomicLong commits = new AtomicLong();
  private volatile boolean closed;
  // Batches the writes of this process's threads when they share one connection (SQLite).
  private final GroupCommit group;
  // The connection of the transaction this thread runs in {@link #together}, if any.
  private final ThreadLocal<Connection> joined = new ThreadLocal<>();

  /**
   * One connection shared by the threads of this process under a lock.
   *
   * @param location how error messages name the database, e.g. the file path
   */
  public JdbcDatabase(Connection connection, SqlDialect dialect, String location) {
    this(ConnectionSource.single(connection), dialect, location);
  }

  /**
   * @param location how error messages name the database, e.g. a URL without password
   */
  public JdbcDatabase(ConnectionSource connections, SqlDialect dialect, String location) {
    this.connections = requireNonNull(connections, "connections is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.location = requireNonNull(location, "location is null");
    this.group =
        connections instanceof SharedConnection shared ? new GroupCommit(this, shared) : null;
  }

  public SqlDialect dialect() {
    return dialect;
  }

  public String location() {
    return location;
  }

  /**
   * Runs read-only work outside an explicit transaction; a single statement sees one consistent
   * snapshot.
   *
   * @param what what is being done, for the error message, e.g. {@code "list runs"}
   */
  public <T> T read(String what, SqlWork<T> work) {
    checkOpen(what);
    if (joined.get() != null) {
      return joining(what, work);
    }
    try {
      return connections.withConnection(work);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * A value that differs after any commit to the database, by this process (counted here) or by
   * another one (the dialect's data version); empty when the dialect cannot tell.
   */
  public java.util.Optional<String> changeStamp() {
    return read(
        "read the data version",
        connection -> {
          java.util.OptionalLong version = dialect.dataVersion(connection);
          return version.isPresent()
              ? java.util.Optional.of(version.getAsLong() + "/" + commits.get())
              : java.util.Optional.empty();
        });
  }

  /**
   * Runs {@code work} in one write transaction: all of it commits or none, and it is committed
   * (durable, as the dialect defines it) when this returns. When another process holds the lock
   * past the driver's busy timeout, the whole transaction is rolled back and retried a few times;
   * {@code work} must therefore only touch the database. On one shared connection, writes of
   * several threads share a transaction ({@link GroupCommit}); on a pool each has its own.
   */
  public <T> T write(String what, SqlWork<T> work) {
    if (joined.get() != null) {
      return joining(what, work);
    }
    if (group != null) {
      return group.write(what, work);
    }
    checkOpen(what);
    for (int attempt = 1; ; attempt++) {
      try {
        return connections.withConnection(connection -> inTransaction(connection, work));
      } catch (SQLException e) {
        if (!dialect.isBusy(e) || attempt >= BUSY_ATTEMPTS) {
          throw failure(what, e);
        }
        backOff(what, attempt, e);
      }
    }
  }

  /**
   * Runs {@code work} in one write transaction that every {@link #read} and {@link #write} this
   * thread asks for meanwhile joins: all of them commit together or none does. Like a write, it may
   * be rolled back and run again when the database is busy, so {@code work} must only touch the
   * database. Nested calls join the outer transaction.
   */
  public <T> T together(String what, java.util.function.Supplier<T> work) {
    if (joined.get() != null) {
      return work.get();
    }
    return write(
        what,
        connection -> {
          joined.set(connection);
          try {
            return work.get();
          } catch (JoinedFailure e) {
            // Back to a driver failure, so the outer write retries a busy database and names it.
            throw e.sqlCause();
          } finally {
            joined.remove();
          }
        });
  }

  private <T> T joining(String what, SqlWork<T> work) {
    try {
      return work.apply(joined.get());
    } catch (SQLException e) {
      throw new JoinedFailure(what, e);
    }
  }

  /** A statement failed inside {@link #together}; the outer transaction rolls back. */
  private static final class JoinedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JoinedFailure(String what, SQLException cause) {
      super(
          new SQLException(
              "could not " + what + ": " + cause.getMessage(),
              cause.getSQLState(),
              cause.getErrorCode(),
              cause));
    }

    SQLException sqlCause() {
      return (SQLException) getCause();
    }
  }

  private <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
    dialect.beginWrite(connection);
    try {
      T result = work.apply(connection);
      dialect.commit(connection);
      committed();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        dialect.rollback(connection);
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
  }

  void committed() {
    commits.incrementAndGet();
  }

  /** Writes waiting for the next group commit (for tests). */
  int queuedWrites() {
    return group == null ? 0 : group.queuedWrites();
  }

  /** Transactions committed by this process so far (for tests). */
  long commits() {
    return commits.get();
  }

  void backOff(String what, int attempt, SQLException cause) {
    try {
      Thread.sleep(FIRST_BACKOFF_MILLIS << (attempt - 1));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw failure(what + " (interrupted while waiting for a lock)", cause);
    }
  }

  /** Wraps a driver failure into the error Partita raises. */
  public PartitaException failure(String what, SQLException e) {
    return PartitaException.internal(
        "Could not " + what + " in " + location + ": " + e.getMessage(), e);
  }

  void checkOpen(String what) {
    if (closed) {
      throw new IllegalStateException(
          "Could not " + what + ": the state store " + location + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connections.close();
    } catch (SQLException e) {
      throw failure("close the connection", e);
    }
  }
}
