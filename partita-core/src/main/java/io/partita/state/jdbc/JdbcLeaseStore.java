package io.partita.state.jdbc;

import io.partita.state.LeaseKey;
import io.partita.state.LeaseStore;
import io.partita.state.RunStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Partition leases in the {@code leases} table. A request is staged in the connection's scratch
 * table {@code lease_request} and checked with one join, which avoids the database's limit on bound
 * variables and keeps 100,000 keys fast.
 *
 * <p>A lease references its run: create the run before acquiring its leases (acquiring for an
 * unknown run fails with a foreign-key error). Liveness is judged from the holder's row in {@code
 * runs}.
 */
final class JdbcLeaseStore implements LeaseStore {
  private static final int BATCH_SIZE = 5_000;

  /**
   * The first live run other than the requester that holds a requested key. A run without a
   * heartbeat counts as live only while QUEUED or PAUSED: a RUNNING run that never beat has no
   * owner to wait for.
   */
  private static final String FIND_CONFLICT =
      "SELECT l.run_id FROM lease_request q"
          + " JOIN leases l ON l.asset = q.asset AND l.version = q.version"
          + " AND l.partition = q.partition"
          + " JOIN runs r ON r.id = l.run_id"
          + " WHERE l.run_id <> ? AND (r.status IN ('"
          + RunStatus.QUEUED.name()
          + "', '"
          + RunStatus.PAUSED.name()
          + "')"
          + " OR (r.status = '"
          + RunStatus.RUNNING.name()
          + "' AND r.heartbeat_at >= ?))"
          + " ORDER BY l.run_id LIMIT 1";

  /**
   * Takes every requested key, including those of dead runs ({@code WHERE true}: SQLite grammar).
   */
  private static final String TAKE =
      "INSERT INTO leases (asset, version, partition, run_id)"
          + " SELECT DISTINCT asset, version, partition, ? FROM lease_request WHERE true"
          + " ON CONFLICT (asset, version, partition) DO UPDATE SET run_id = excluded.run_id";

  private final JdbcDatabase database;

  JdbcLeaseStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public Optional<String> acquire(String runId, Collection<LeaseKey> keys, Instant staleBefore) {
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    // One write transaction holding the write lock from the start: no other process can take a
    // key between the conflict check and the insert.
    return database.write(
        "acquire " + keys.size() + " partition leases for run " + runId,
        connection -> {
          // Where writers do not queue for one database lock (PostgreSQL), two runs could both
          // find no conflict and both take the keys: acquisitions wait for each other here.
          database.dialect().lock(connection, "leases");
          stage(connection, keys);
          try {
            Optional<String> holder = findConflict(connection, runId, staleBefore);
            if (holder.isEmpty()) {
              try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                take.setString(1, runId);
                take.executeUpdate();
              }
            }
            return holder;
          } finally {
            clear(connection);
          }
        });
  }

  @Override
  public void release(String runId) {
    database.write(
        "release the partition leases of run " + runId,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM leases WHERE run_id = ?")) {
            delete.setString(1, runId);
            return delete.executeUpdate();
          }
        });
  }

  private void stage(Connection connection, Collection<LeaseKey> keys) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(database.dialect().leaseRequestTableDdl());
    }
    clear(connection);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO lease_request (asset, version, partition) VALUES (?, ?, ?)")) {
      int pending = 0;
      for (LeaseKey key : keys) {
        insert.setString(1, key.asset());
        insert.setString(2, key.version());
        insert.setString(3, key.partition());
        insert.addBatch();
        if (++pending == BATCH_SIZE) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
  }

  private static Optional<String> findConflict(
      Connection connection, String runId, Instant staleBefore) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(FIND_CONFLICT)) {
      select.setString(1, runId);
      Timestamps.set(select, 2, staleBefore);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  private static void clear(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM lease_request");
    }
  }
}
