package io.partita.state.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Where a {@link JdbcDatabase} gets a connection for one piece of work. Whatever the source, the
 * work has the connection to itself until it returns: no other thread interleaves statements on it.
 */
public interface ConnectionSource extends AutoCloseable {
  /** Runs {@code work} on a connection no other thread uses meanwhile. */
  <T> T withConnection(SqlWork<T> work) throws SQLException;

  @Override
  void close() throws SQLException;

  /**
   * One connection shared by the threads of a process, guarded by a lock: for SQLite, which
   * serialises writers anyway, so a pool would buy little.
   */
  static ConnectionSource single(Connection connection) {
    requireNonNull(connection, "connection is null");
    ReentrantLock lock = new ReentrantLock();
    return new ConnectionSource() {
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
    };
  }

  /**
   * A connection borrowed from a pool for each piece of work, so that threads of a process work in
   * parallel (a server database with row locks); {@code pool} is closed with the source.
   */
  static ConnectionSource pooled(DataSource dataSource, AutoCloseable pool) {
    requireNonNull(dataSource, "dataSource is null");
    requireNonNull(pool, "pool is null");
    return new ConnectionSource() {
      @Override
      public <T> T withConnection(SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
          return work.apply(connection);
        }
      }

      @Override
      public void close() throws SQLException {
        try {
          pool.close();
        } catch (SQLException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new SQLException("Could not close the connection pool: " + e.getMessage(), e);
        }
      }
    };
  }
}
