package io.partita.state.jdbc;

import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.VersionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Versions in {@code asset_versions}, non-live partition states in {@code version_partitions}. */
final class JdbcVersionStore implements VersionStore {
  private static final String PARTITION_COLUMNS =
      "asset, partition, status, rows, run_id, snapshot_hash, updated_at";

  private final JdbcDatabase database;

  JdbcVersionStore(JdbcDatabase database) {
    this.database = database;
  }

  @Override
  public void register(AssetVersion version) {
    database.write(
        "register version " + version.version() + " of " + version.asset(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO asset_versions (asset, version, snapshot_hash, created_by_run, created_at) VALUES (?, ?, ?, ?, ?)"
                      + " ON CONFLICT (asset, version) DO NOTHING")) {
            insert.setString(1, version.asset());
            insert.setString(2, version.version());
            Columns.setString(insert, 3, version.snapshotHash());
            Columns.setString(insert, 4, version.createdByRun());
            Timestamps.set(insert, 5, version.createdAt());
            return insert.executeUpdate();
          }
        });
  }

  @Override
  public List<AssetVersion> list(String asset) {
    return database.read(
        "list versions of " + asset,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT asset, version, snapshot_hash, created_by_run, created_at FROM asset_versions WHERE asset = ?"
                      + " ORDER BY CAST(substr(version, 2) AS INTEGER), version")) {
            select.setString(1, asset);
            List<AssetVersion> versions = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                versions.add(
                    new AssetVersion(
                        row.getString(1),
                        row.getString(2),
                        Columns.getString(row, "snapshot_hash"),
                        Columns.getString(row, "created_by_run"),
                        Timestamps.get(row, "created_at")));
              }
            }
            return versions;
          }
        });
  }

  @Override
  public void putPartition(String version, PartitionState state) {
    database.write(
        "record " + state.asset() + " " + version + " " + state.partition(),
        connection -> upsert(connection, version, state));
  }

  private static int upsert(Connection connection, String version, PartitionState state)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO version_partitions (version, "
                + PARTITION_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (asset, version, partition) DO UPDATE SET status = excluded.status, rows = excluded.rows,"
                + " run_id = excluded.run_id, snapshot_hash = excluded.snapshot_hash, updated_at = excluded.updated_at")) {
      upsert.setString(1, version);
      upsert.setString(2, state.asset());
      upsert.setString(3, state.partition());
      upsert.setString(4, state.status().name());
      Columns.setLong(upsert, 5, state.rows());
      upsert.setString(6, state.runId());
      Columns.setString(upsert, 7, state.snapshotHash());
      Timestamps.set(upsert, 8, state.updatedAt());
      return upsert.executeUpdate();
    }
  }

  @Override
  public List<PartitionState> partitions(String asset, String version) {
    return database.read(
        "list partitions of " + asset + " " + version,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + PARTITION_COLUMNS
                      + " FROM version_partitions WHERE asset = ? AND version = ? ORDER BY partition")) {
            select.setString(1, asset);
            select.setString(2, version);
            return read(select);
          }
        });
  }

  @Override
  public void swapLive(String asset, String oldVersion, String newVersion, VersionEvent event) {
    database.write(
        "switch " + asset + " from " + oldVersion + " to " + newVersion,
        connection -> {
          // Reads the live states, then rewrites them: two switches at once must not interleave.
          database.dialect().lock(connection, "versions of " + asset);
          List<PartitionState> live;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + PARTITION_COLUMNS + " FROM partitions WHERE asset = ?")) {
            select.setString(1, asset);
            live = read(select);
          }
          List<PartitionState> incoming;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + PARTITION_COLUMNS
                      + " FROM version_partitions WHERE asset = ? AND version = ?")) {
            select.setString(1, asset);
            select.setString(2, newVersion);
            incoming = read(select);
          }
          execute(
              connection,
              "DELETE FROM version_partitions WHERE asset = ? AND version IN (?, ?)",
              asset,
              oldVersion,
              newVersion);
          execute(connection, "DELETE FROM partitions WHERE asset = ?", asset);
          for (PartitionState state : live) {
            upsert(connection, oldVersion, state);
          }
          for (PartitionState state : incoming) {
            JdbcPartitionStore.upsert(connection, state);
          }
          insertEvent(connection, event);
          return null;
        });
  }

  @Override
  public void drop(String asset, String version, VersionEvent event) {
    database.write(
        "drop " + asset + " " + version,
        connection -> {
          execute(
              connection,
              "DELETE FROM version_partitions WHERE asset = ? AND version = ?",
              asset,
              version);
          execute(
              connection,
              "DELETE FROM asset_versions WHERE asset = ? AND version = ?",
              asset,
              version);
          insertEvent(connection, event);
          return null;
        });
  }

  @Override
  public List<VersionEvent> events(String asset) {
    return database.read(
        "list version history of " + asset,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT asset, action, from_version, to_version, actor, reason, details, at FROM version_events"
                      + " WHERE asset = ? ORDER BY at, id")) {
            select.setString(1, asset);
            List<VersionEvent> events = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                events.add(
                    new VersionEvent(
                        row.getString(1),
                        row.getString(2),
                        Columns.getString(row, "from_version"),
                        row.getString(4),
                        row.getString(5),
                        Columns.getString(row, "reason"),
                        Columns.getString(row, "details"),
                        Timestamps.get(row, "at")));
              }
            }
            return events;
          }
        });
  }

  private static void insertEvent(Connection connection, VersionEvent event) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO version_events (asset, action, from_version, to_version, actor, reason, details, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, event.asset());
      insert.setString(2, event.action());
      Columns.setString(insert, 3, event.fromVersion());
      insert.setString(4, event.toVersion());
      insert.setString(5, event.actor());
      Columns.setString(insert, 6, event.reason());
      Columns.setString(insert, 7, event.details());
      Timestamps.set(insert, 8, event.at());
      insert.executeUpdate();
    }
  }

  private static void execute(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  private static List<PartitionState> read(PreparedStatement select) throws SQLException {
    List<PartitionState> states = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        states.add(
            new PartitionState(
                row.getString("asset"),
                row.getString("partition"),
                PartitionStatus.valueOf(row.getString("status")),
                Columns.getLong(row, "rows"),
                row.getString("run_id"),
                Columns.getString(row, "snapshot_hash"),
                Timestamps.get(row, "updated_at")));
      }
    }
    return states;
  }
}
