package io.partita.engine.duckdb;

import io.partita.engine.PublishedPartition;
import io.partita.engine.WarehouseIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse's side of the pairing with a state store: a {@code _partita.meta} table holding the
 * warehouse's own id (made with the warehouse) and the id of the state store it is paired with.
 */
final class DuckDbIdentity {
  static final String META = "\"_partita\".\"meta\"";
  private static final String WAREHOUSE_ID = "warehouse_id";
  private static final String STATE_ID = "state_id";

  private DuckDbIdentity() {}

  /** Creates the table and the warehouse id when missing; run once at a writable open. */
  static void ensure(Statement statement) throws SQLException {
    statement.execute(
        "CREATE TABLE IF NOT EXISTS "
            + META
            + " (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)");
    statement.execute(
        "INSERT INTO "
            + META
            + " SELECT '"
            + WAREHOUSE_ID
            + "', replace(uuid()::VARCHAR, '-', '')"
            + " WHERE NOT EXISTS (SELECT 1 FROM "
            + META
            + " WHERE key = '"
            + WAREHOUSE_ID
            + "')");
  }

  /** Works on a read-only warehouse from before ids too (no meta table, maybe no publish log). */
  static WarehouseIdentity read(Connection connection) throws SQLException {
    Optional<String> warehouseId = Optional.empty();
    Optional<String> stateId = Optional.empty();
    if (exists(connection, "meta")) {
      warehouseId = value(connection, WAREHOUSE_ID);
      stateId = value(connection, STATE_ID);
    }
    long published = 0;
    if (exists(connection, "publish_log")) {
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT count(*) FROM " + PublishLogTable.TABLE)) {
        row.next();
        published = row.getLong(1);
      }
    }
    return new WarehouseIdentity(warehouseId, stateId, published);
  }

  static void pairState(Connection connection, String stateId) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT OR REPLACE INTO " + META + " (key, value) VALUES (?, ?)")) {
      upsert.setString(1, STATE_ID);
      upsert.setString(2, stateId);
      upsert.executeUpdate();
    }
  }

  /** The latest publish (or restore) of every (asset, partition, target) in the publish log. */
  static List<PublishedPartition> latestPublishes(Connection connection) throws SQLException {
    List<PublishedPartition> result = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT run_id, asset, partition, attempt, rows, published_at, target FROM "
                    + PublishLogTable.TABLE
                    + " QUALIFY row_number() OVER (PARTITION BY asset, partition, target"
                    + " ORDER BY published_at DESC, rowid DESC) = 1 ORDER BY asset, partition")) {
      while (row.next()) {
        result.add(PublishLogTable.read(row));
      }
    }
    return result;
  }

  private static boolean exists(Connection connection, String table) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM duckdb_tables() WHERE schema_name = '_partita' AND table_name = ?")) {
      select.setString(1, table);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static Optional<String> value(Connection connection, String key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT value FROM " + META + " WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }
}
