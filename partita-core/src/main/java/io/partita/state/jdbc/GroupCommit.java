package io.partita.state.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit on a {@link SharedConnection}: writes that threads of this process ask for while
 * another write commits wait for it, and the next of them commits all of them in one transaction,
 * each inside a savepoint of its own. A failing work rolls back to its savepoint and fails only its
 * own caller; the others commit. So one commit (one fsync for SQLite) serves many tasks that finish
 * together, while each caller still returns only once its own work is durable. A write asked for
 * from inside a work joins that work's transaction.
 */
final class GroupCommit {
  /** Retries after the driver's own busy wait ran out; each waits twice as long as the last. */
  private static final int BUSY_ATTEMPTS = 5;

  private final JdbcDatabase database;
  private final Connection connection;
  private final ReentrantLock lock;
  private final Queue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
  // True while the lock holder runs the works of a batch; guarded by the lock.
  private boolean inBatch;

  GroupCommit(JdbcDatabase database, SharedConnection shared) {
    this.database = database;
    this.connection = shared.connection();
    this.lock = shared.lock();
  }

  <T> T write(String what, SqlWork<T> work) {
    if (lock.isHeldByCurrentThread() && inBatch) {
      try {
        return work.apply(connection);
      } catch (SQLException e) {
        throw database.failure(what, e);
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

  /** Writes waiting for the next group commit (for tests). */
  int queuedWrites() {
    return pending.size();
  }

  /** Commits every write queued so far (including the caller's) in one transaction. */
  private void commitPending() {
    List<PendingWrite<?>> batch = new ArrayList<>();
    for (PendingWrite<?> next = pending.poll(); next != null; next = pending.poll()) {
      batch.add(next);
    }
    try {
      database.checkOpen(batch.get(0).what());
      for (int attempt = 1; ; attempt++) {
        try {
          inTransaction(batch);
          return;
        } catch (SQLException e) {
          if (!database.dialect().isBusy(e) || attempt >= BUSY_ATTEMPTS) {
            batch.forEach(write -> write.failIfOpen(database.failure(write.what(), e)));
            return;
          }
          batch.forEach(PendingWrite::reset);
          database.backOff(batch.get(0).what(), attempt, e);
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
    SqlDialect dialect = database.dialect();
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
          write.fail(database.failure(write.what(), e));
          execute("ROLLBACK TO SAVEPOINT partita_write");
        } catch (RuntimeException | Error e) {
          write.fail(e);
          execute("ROLLBACK TO SAVEPOINT partita_write");
        }
        execute("RELEASE SAVEPOINT partita_write");
      }
      dialect.commit(connection);
      database.committed();
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

  private void execute(String sql) throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
