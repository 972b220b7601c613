package io.partita.engine.postgres;

import io.partita.PartitaException;
import io.partita.engine.EngineException;
import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishedPartition;
import io.partita.engine.WarehouseIdentity;
import io.partita.engine.WarehousePairing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Reads of the publish log ({@link PgPublishLogTable}) and the warehouse's identity, a key/value
 * table {@code _partita.meta} holding the warehouse id (made with the warehouse) and the id of the
 * state store it is paired with. {@link PostgresPublisher} writes the log.
 */
final class PostgresPublishLog implements WarehousePairing {
  private static final String WAREHOUSE_ID = "warehouse_id";
  private static final String STATE_ID = "state_id";

  private final ConnectionSource connections;
  private final PgLayout layout;
  private final PgPublishLogTable table;
  private final String location;

  PostgresPublishLog(ConnectionSource connections, PgLayout layout, String location) {
    this.connections = connections;
    this.layout = layout;
    this.table = new PgPublishLogTable(layout);
    this.location = location;
  }

  /** Creates Partita's schemas and tables when missing; run once at a writable open. */
  static void setUp(Connection connection, PgLayout layout) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String schema :
          List.of(
              layout.schema(),
              layout.metaSchema(),
              layout.backupSchema(),
              layout.quarantineSchema(),
              layout.stageSchema())) {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + PgName.quote(schema));
      }
      for (String sql : new PgPublishLogTable(layout).createSql()) {
        statement.execute(sql);
      }
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + layout.meta().sql()
              + " (key text PRIMARY KEY, value text NOT NULL)");
      statement.execute(
          "INSERT INTO "
              + layout.meta().sql()
              + " SELECT '"
              + WAREHOUSE_ID
              + "', replace(gen_random_uuid()::text, '-', '') ON CONFLICT (key) DO NOTHING");
    }
  }

  /** Whether the warehouse was created: its publish log exists. */
  static boolean exists(Connection connection, PgLayout layout) throws SQLException {
    return PgColumns.exists(connection, layout.publishLog());
  }

  List<PublishedPartition> published(String runId) {
    try (Connection connection = connections.open()) {
      return table.read(connection, "run_id = ? ORDER BY id", runId);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the publish log of run " + runId, e);
    }
  }

  Optional<PublishedPartition> lastPublish(String asset, String partition) {
    return latest("asset", asset, partition);
  }

  Optional<PublishedPartition> lastPublishTo(String target, String partition) {
    return latest("target", target, partition);
  }

  private Optional<PublishedPartition> latest(String column, String value, String partition) {
    try (Connection connection = connections.open()) {
      return table
          .read(
              connection,
              column + " = ? AND partition = ? ORDER BY id DESC LIMIT 1",
              value,
              partition)
          .stream()
          .findFirst();
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot read the publish log of " + value + " " + partition, e);
    }
  }

  List<PartitionBackup> backups(String runId) {
    try (Connection connection = connections.open()) {
      return table.backups(connection, runId);
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot read the backups of run " + runId + ": " + PgErrors.clean(e), e);
    }
  }

  boolean wasPublished(String runId, String asset, String partition) {
    try (Connection connection = connections.open()) {
      return !table
          .read(
              connection,
              "run_id = ? AND asset = ? AND partition = ? LIMIT 1",
              runId,
              asset,
              partition)
          .isEmpty();
    } catch (SQLException e) {
      throw new EngineException(
          String.format(
              "Cannot read the publish log for asset '%s' partition %s of run %s: %s",
              asset, partition, runId, PgErrors.clean(e)),
          true,
          e);
    }
  }

  List<PublishedPartition> latestPublishes() {
    try (Connection connection = connections.open()) {
      return table.latest(connection);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the publish log of warehouse " + location, e);
    }
  }

  @Override
  public WarehouseIdentity identity() {
    try (Connection connection = connections.open()) {
      if (!PgColumns.exists(connection, layout.meta())) {
        return new WarehouseIdentity(Optional.empty(), Optional.empty(), 0);
      }
      long publishes;
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table.name())) {
        row.next();
        publishes = row.getLong(1);
      }
      return new WarehouseIdentity(
          value(connection, WAREHOUSE_ID), value(connection, STATE_ID), publishes);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the identity of warehouse " + location, e);
    }
  }

  @Override
  public void pairState(String stateId) {
    try (Connection connection = connections.open();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO "
                    + layout.meta().sql()
                    + " (key, value) VALUES (?, ?)"
                    + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")) {
      upsert.setString(1, STATE_ID);
      upsert.setString(2, stateId);
      upsert.executeUpdate();
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot record the state store in warehouse " + location, e);
    }
  }

  private Optional<String> value(Connection connection, String key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT value FROM " + layout.meta().sql() + " WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }
}
