package io.partita.state.jdbc;

import io.partita.PartitaException;
import io.partita.state.IdentityStore;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Identity rows in the {@code partita_meta} table (key, value). */
final class JdbcIdentityStore implements IdentityStore {
  private static final String STATE_ID = "state_id";
  private static final String WAREHOUSE_ID = "warehouse_id";

  private final JdbcDatabase database;

  JdbcIdentityStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public String stateId() {
    return database
        .read("read the id of the state store", connection -> value(connection, STATE_ID))
        .orElseThrow(
            () ->
                PartitaException.internal(
                    "The state store " + database.location() + " has no state_id", null));
  }

  @Override
  public Optional<String> warehouseId() {
    return database.read(
        "read the id of the paired warehouse", connection -> value(connection, WAREHOUSE_ID));
  }

  @Override
  public long succeededPartitions() {
    return database.read(
        "count the succeeded partitions",
        connection -> {
          try (PreparedStatement count =
              connection.prepareStatement("SELECT count(*) FROM partitions WHERE status = ?")) {
            count.setString(1, PartitionStatus.SUCCEEDED.name());
            try (ResultSet row = count.executeQuery()) {
              row.next();
              return row.getLong(1);
            }
          }
        });
  }

  @Override
  public void pairWarehouse(String warehouseId) {
    database.write("record the paired warehouse", connection -> put(connection, warehouseId));
  }

  @Override
  public void rebuild(String warehouseId, List<PartitionState> states) {
    database.write(
        "rebuild the partition states from warehouse " + warehouseId,
        connection -> {
          for (PartitionState state : states) {
            JdbcPartitionStore.upsert(connection, state);
          }
          return put(connection, warehouseId);
        });
  }

  @Override
  public int forgetWarehouse(String warehouseId, Instant at) {
    return database.write(
        "mark the partitions of the lost warehouse missing",
        connection -> {
          int changed;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE partitions SET status = ?, rows = NULL, snapshot_hash = NULL,"
                      + " updated_at = ? WHERE status <> ?")) {
            update.setString(1, PartitionStatus.MISSING.name());
            Timestamps.set(update, 2, at);
            update.setString(3, PartitionStatus.MISSING.name());
            changed = update.executeUpdate();
          }
          put(connection, warehouseId);
          return changed;
        });
  }

  private static Optional<String> value(Connection connection, String key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT value FROM partita_meta WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  private static int put(Connection connection, String warehouseId) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO partita_meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      upsert.setString(1, WAREHOUSE_ID);
      upsert.setString(2, warehouseId);
      return upsert.executeUpdate();
    }
  }
}
