package io.partita.state.jdbc;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JDBC connection shared by the threads of a process, guarded by a lock. SQLite serialises
 * writers anyway, so a pool would buy little; other processes use their own connections and see
 * committed data only.
 *
 * <p>Every {@link SQLException} leaves this class as a {@link PartitaException} of category
 * INTERNAL that names what failed and the database.
 */
public final class JdbcDatabase implements AutoCloseable {
  /** Retries after the driver's own busy wait ran out; each waits twice as long as the last. */
  private static final int BUSY_ATTEMPTS = 5;

  private static final long FIRST_BACKOFF_MILLIS = 50;

  private final Connection connection;
  private final SqlDialect dialect;
  private final String location;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;
  private long commits;

  /**
   * @param location how error messages name the database, e.g. the file path
   */
  public JdbcDatabase(Connection connection, SqlDialect dialect, String location) {
    this.connection = requireNonNull(connection, "connection is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.location = requireNonNull(location, "location is null");
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
    lock.lock();
    try {
      checkOpen(what);
      return work.apply(connection);
    } catch (SQLException e) {
      throw failure(what, e);
    } finally {
      lock.unlock();
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
              ? java.util.Optional.of(version.getAsLong() + "/" + commits)
              : java.util.Optional.empty();
        });
  }

  /**
   * Runs {@code work} in one write transaction: all of it commits or none. When another process
   * holds the lock past the driver's busy timeout, the whole transaction is rolled back and retried
   * a few times; {@code work} must therefore only touch the database.
   */
  public <T> T write(String what, SqlWork<T> work) {
    lock.lock();
    try {
      checkOpen(what);
      for (int attempt = 1; ; attempt++) {
        try {
          return inTransaction(work);
        } catch (SQLException e) {
          if (!dialect.isBusy(e) || attempt >= BUSY_ATTEMPTS) {
            throw failure(what, e);
          }
          backOff(what, attempt, e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T inTransaction(SqlWork<T> work) throws SQLException {
    dialect.beginWrite(connection);
    try {
      T result = work.apply(connection);
      dialect.commit(connection);
      commits++;
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

  private void backOff(String what, int attempt, SQLException cause) {
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

  private void checkOpen(String what) {
    if (closed) {
      throw new IllegalStateException(
          "Could not " + what + ": the state store " + location + " is closed");
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      throw failure("close the connection", e);
    } finally {
      lock.unlock();
    }
  }
}
