package io.partita.state.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A write a caller of {@link JdbcDatabase#write} waits for, and its outcome. The outcome is set by
 * whichever thread commits the batch, under the database's lock; the caller reads it after taking
 * that lock, so no further synchronisation is needed.
 */
final class PendingWrite<T> {
  private final String what;
  private final SqlWork<T> work;
  private T result;
  private Throwable failure;
  private boolean done;

  PendingWrite(String what, SqlWork<T> work) {
    this.what = what;
    this.work = work;
  }

  String what() {
    return what;
  }

  void run(Connection connection) throws SQLException {
    result = work.apply(connection);
  }

  boolean isDone() {
    return done;
  }

  /** The transaction will be tried again from the start: forget what the work did in it. */
  void reset() {
    result = null;
    failure = null;
  }

  /** This work failed inside a batch that goes on without it. */
  void fail(Throwable e) {
    failure = e;
  }

  /**
   * The batch committed: the work is durable, unless it failed on its own (then it stays failed).
   */
  void succeedIfOpen() {
    done = true;
  }

  void failIfOpen(Throwable e) {
    if (!done) {
      if (failure == null) {
        failure = e;
      }
      done = true;
    }
  }

  /** The work's result, or its failure rethrown in the caller's thread. */
  T outcome() {
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    return result;
  }
}
