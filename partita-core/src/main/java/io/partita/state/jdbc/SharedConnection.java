package io.partita.state.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection shared by the threads of a process, guarded by a reentrant lock (SQLite). {@link
 * GroupCommit} takes the same lock to batch the writes of many threads into one transaction.
 */
final class SharedConnection implements ConnectionSource {
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  SharedConnection(Connection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  Connection connection() {
    return connection;
  }

  ReentrantLock lock() {
    return lock;
  }

  @Override
  public <T> T withConnection(SqlWork<T> work) throws SQLException {
    lock.lock();
    try {
      return work.apply(connection);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      connection.close();
    } finally {
      lock.unlock();
    }
  }
}
