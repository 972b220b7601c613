package io.partita.engine.duckdb;

import io.partita.PartitaException;
import io.partita.engine.EngineException;
import io.partita.engine.PartitionBackup;
import io.partita.engine.PublishedPartition;
import io.partita.engine.WarehouseIdentity;
import io.partita.engine.WarehousePairing;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Reads of the publish log table ({@link PublishLogTable}) and the warehouse identity. {@link
 * DuckDbPublisher} writes the log, in each publish's transaction; {@code expire} is the publisher's
 * too.
 */
final class DuckDbPublishLog implements WarehousePairing {
  private final ConnectionSource connections;
  private final Path warehouseFile;

  DuckDbPublishLog(ConnectionSource connections, Path warehouseFile) {
    this.connections = connections;
    this.warehouseFile = warehouseFile;
  }

  List<PublishedPartition> published(String runId) {
    try (Connection connection = connections.open()) {
      return PublishLogTable.read(connection, "run_id = ? ORDER BY published_at", runId);
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
    String where = column + " = ? AND partition = ? ORDER BY published_at DESC LIMIT 1";
    try (Connection connection = connections.open()) {
      return PublishLogTable.read(connection, where, value, partition).stream().findFirst();
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot read the publish log of " + value + " " + partition, e);
    }
  }

  List<PartitionBackup> backups(String runId) {
    try (Connection connection = connections.open()) {
      return PublishLogTable.backups(connection, runId);
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot read the backups of run " + runId + ": " + SqlErrors.clean(e), e);
    }
  }

  boolean wasPublished(String runId, String asset, String partition) {
    try (Connection connection = connections.open()) {
      return PublishLogTable.wasPublished(connection, runId, asset, partition);
    } catch (SQLException e) {
      throw new EngineException(
          String.format(
              "Cannot read the publish log for asset '%s' partition %s of run %s: %s",
              asset, partition, runId, e.getMessage()),
          true,
          e);
    }
  }

  List<PublishedPartition> latestPublishes() {
    try (Connection connection = connections.open()) {
      return DuckDbIdentity.latestPublishes(connection);
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot read the publish log of warehouse " + warehouseFile, e);
    }
  }

  @Override
  public WarehouseIdentity identity() {
    try (Connection connection = connections.open()) {
      return DuckDbIdentity.read(connection);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the identity of warehouse " + warehouseFile, e);
    }
  }

  @Override
  public void pairState(String stateId) {
    try (Connection connection = connections.open()) {
      DuckDbIdentity.pairState(connection, stateId);
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot record the state store in warehouse " + warehouseFile, e);
    }
  }
}
