package io.partita.engine.postgres;

import io.partita.PartitaException;
import io.partita.engine.VersionCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Versions as PostgreSQL keeps them: a table per version ({@code asset__v2}) and the published name
 * a view on exactly one of them, re-pointed in one transaction by a switch.
 */
final class PostgresVersionCatalog implements VersionCatalog {
  private final ConnectionSource connections;
  private final PgLayout layout;

  PostgresVersionCatalog(ConnectionSource connections, PgLayout layout) {
    this.connections = connections;
    this.layout = layout;
  }

  /** The one place that maps assets to their published name. */
  @Override
  public String relation(String asset) {
    return layout.published(asset).sql();
  }

  @Override
  public String versionRelation(String asset, String version) {
    return layout.versionTable(asset, version).sql();
  }

  @Override
  public Optional<String> liveVersion(String asset) {
    try (Connection connection = connections.open()) {
      String prefix = asset + "__";
      return PgVersions.liveTable(connection, layout.published(asset))
          .filter(table -> table.startsWith(prefix))
          .map(table -> table.substring(prefix.length()));
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the live version of " + asset, e);
    }
  }

  /**
   * Re-points the view in one transaction under the asset's publish lock: a concurrent reader sees
   * the old version or the new one (PostgreSQL's DDL is transactional).
   */
  @Override
  public void switchVersion(String asset, String version) {
    PgName target = layout.versionTable(asset, version);
    try (Connection connection = connections.open()) {
      if (!PgColumns.kind(connection, target).equals(Optional.of("table"))) {
        throw PartitaException.user(
            "Asset '%s' has no version %s in the warehouse (no table %s)", asset, version, target);
      }
      connection.setAutoCommit(false);
      try {
        PostgresPublisher.lock(connection, java.util.List.of(target));
        PgVersions.pointView(connection, layout.published(asset), target);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot switch " + asset + " to " + version + ": " + PgErrors.clean(e), e);
    }
  }

  @Override
  public void dropVersion(String asset, String version) {
    PgName table = layout.versionTable(asset, version);
    try (Connection connection = connections.open()) {
      PgColumns.execute(connection, "DROP TABLE IF EXISTS " + table.sql());
      PgColumns.execute(connection, "DROP TABLE IF EXISTS " + layout.backupOf(table).sql());
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot drop " + asset + " " + version + ": " + PgErrors.clean(e), e);
    }
  }
}
