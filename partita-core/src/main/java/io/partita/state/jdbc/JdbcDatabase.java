package io.partita.state.jdbc;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
  private final Queue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
  private boolean closed;
  private long commits;
  // True while the lock holder runs the works of a batch; guarded by the lock.
  private boolean inBatch;

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
   * Runs {@code work} in one write transaction: all of it commits or none, and it is committed
   * (durable, as the dialect defines it) when this returns. When another process holds the lock
   * past the driver's busy timeout, the whole transaction is rolled back and retried a few times;
   * {@code work} must therefore only touch the database.
   *
   * <p>Group commit: writes that threads of this process ask for while another write commits wait
   * for it, and the next of them commits all of them in one transaction, each inside a savepoint of
   * its own. A failing work rolls back to its savepoint and fails only its own caller; the others
   * commit. So one commit (one fsync for SQLite) serves many tasks that finish together, while each
   * caller still returns only once its own work is durable. A write asked for from inside a work
   * joins that work's transaction.
   */
  public <T> T write(String what, SqlWork<T> work) {
    if (lock.isHeldByCurrentThread() && inBatch) {
      try {
        return work.apply(connection);
      } catch (SQLException e) {
        throw failure(what, e);
      }
    }
    PendingWrite<T> mine = new PendingWrite<>(what, work);
    pending.add(mine);
    lock.lock();
    try {
      if (!mine.isDone()) {
        commitPending();
      }
    } finally {
      lock.unlock();
    }
    return mine.outcome();
  }

  /** Commits every write queued so far (including the caller's) in one transaction. */
  private void commitPending() {
    List<PendingWrite<?>> batch = new ArrayList<>();
    for (PendingWrite<?> next = pending.poll(); next != null; next = pending.poll()) {
      batch.add(next);
    }
    try {
      checkOpen(batch.get(0).what());
      for (int attempt = 1; ; attempt++) {
        try {
          inTransaction(batch);
          return;
        } catch (SQLException e) {
          if (!dialect.isBusy(e) || attempt >= BUSY_ATTEMPTS) {
            batch.forEach(write -> write.failIfOpen(failure(write.what(), e)));
            return;
          }
          batch.forEach(PendingWrite::reset);
          backOff(batch.get(0).what(), attempt, e);
        }
      }
    } catch (RuntimeException | Error e) {
      batch.forEach(write -> write.failIfOpen(e));
    } finally {
      // Never leave a caller waiting for an outcome that nobody will set.
      batch.forEach(
          write ->
              write.failIfOpen(
                  new IllegalStateException("Could not " + write.what() + ": write abandoned")));
    }
  }

  /**
   * One transaction for the whole batch. Throws (after rolling everything back) when the
   * transaction as a whole failed: a busy lock, a failed commit, a failure of a lone work, or a
   * savepoint that could not be rolled back to.
   */
  private void inTransaction(List<PendingWrite<?>> batch) throws SQLException {
    boolean isolate = batch.size() > 1;
    dialect.beginWrite(connection);
    inBatch = true;
    try {
      for (PendingWrite<?> write : batch) {
        if (!isolate) {
          write.run(connection);
          continue;
        }
        execute("SAVEPOINT partita_write");
        try {
          write.run(connection);
        } catch (SQLException e) {
          if (dialect.isBusy(e)) {
            throw e;
          }
          write.fail(failure(write.what(), e));
          execute("ROLLBACK TO SAVEPOINT partita_write");
        } catch (RuntimeException | Error e) {
          write.fail(e);
          execute("ROLLBACK TO SAVEPOINT partita_write");
        }
        execute("RELEASE SAVEPOINT partita_write");
      }
      dialect.commit(connection);
      commits++;
      batch.forEach(PendingWrite::succeedIfOpen);
    } catch (SQLException | RuntimeException | Error e) {
      try {
        dialect.rollback(connection);
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      if (!isolate && !(e instanceof SQLException)) {
        batch.get(0).failIfOpen(e);
      }
      throw e;
    } finally {
      inBatch = false;
    }
  }

  /** Writes waiting for the next group commit (for tests). */
  int queuedWrites() {
    return pending.size();
  }

  /** Transactions committed by this process so far (for tests). */
  long commits() {
    lock.lock();
    try {
      return commits;
    } finally {
      lock.unlock();
    }
  }

  private void execute(String sql) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
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
