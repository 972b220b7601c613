package io.partita.state.jdbc;

import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.PartitionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The latest state per (asset, partition) in the {@code partitions} table. */
final class JdbcPartitionStore implements PartitionStore {
  private static final String COLUMNS =
      "asset, partition, status, rows, run_id, snapshot_hash, updated_at";

  private final JdbcDatabase database;

  JdbcPartitionStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void put(PartitionState state) {
    database.write(
        "record the state of " + state.asset() + " " + state.partition(),
        connection -> upsert(connection, state));
  }

  /** Inserts or replaces the state; shared with the task store's atomic task+partition update. */
  static int upsert(Connection connection, PartitionState state) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO partitions ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (asset, partition) DO UPDATE SET status = excluded.status,"
                + " rows = excluded.rows, run_id = excluded.run_id,"
                + " snapshot_hash = excluded.snapshot_hash, updated_at = excluded.updated_at")) {
      upsert.setString(1, state.asset());
      upsert.setString(2, state.partition());
      upsert.setString(3, state.status().name());
      Columns.setLong(upsert, 4, state.rows());
      upsert.setString(5, state.runId());
      Columns.setString(upsert, 6, state.snapshotHash());
      Timestamps.set(upsert, 7, state.updatedAt());
      return upsert.executeUpdate();
    }
  }

  @Override
  public List<PartitionState> list(String asset) {
    return query(
        "list the partitions of " + asset,
        "SELECT " + COLUMNS + " FROM partitions WHERE asset = ? ORDER BY partition",
        asset);
  }

  @Override
  public List<PartitionState> list(String asset, String first, String last) {
    // Keys of one grain are fixed-width and zero-padded, so string order is time order.
    return query(
        "list the partitions " + first + ".." + last + " of " + asset,
        "SELECT "
            + COLUMNS
            + " FROM partitions"
            + " WHERE asset = ? AND partition >= ? AND partition <= ? ORDER BY partition",
        asset,
        first,
        last);
  }

  private List<PartitionState> query(String what, String sql, String... parameters) {
    return Statements.query(database, what, sql, JdbcPartitionStore::read, (Object[]) parameters);
  }

  static PartitionState read(ResultSet row) throws SQLException {
    return new PartitionState(
        row.getString("asset"),
        row.getString("partition"),
        PartitionStatus.valueOf(row.getString("status")),
        Columns.getLong(row, "rows"),
        row.getString("run_id"),
        Columns.getString(row, "snapshot_hash"),
        Timestamps.get(row, "updated_at"));
  }
}
