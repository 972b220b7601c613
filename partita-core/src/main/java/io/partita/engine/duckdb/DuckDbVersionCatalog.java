package io.partita.engine.duckdb;

import io.partita.PartitaException;
import io.partita.engine.VersionCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Versions as DuckDB keeps them: a table per version ({@code asset__v2}) and the published name a
 * view on exactly one of them, replaced in one statement by a switch.
 */
final class DuckDbVersionCatalog implements VersionCatalog {
  private final ConnectionSource connections;

  DuckDbVersionCatalog(ConnectionSource connections) {
    this.connections = connections;
  }

  /** The one place that maps assets to their published name. */
  @Override
  public String relation(String asset) {
    return new TableName(TableName.DEFAULT_SCHEMA, asset).sql();
  }

  @Override
  public String versionRelation(String asset, String version) {
    return Versions.table(asset, version).sql();
  }

  @Override
  public Optional<String> liveVersion(String asset) {
    try (Connection connection = connections.open()) {
      TableName published = Versions.published(asset);
      if (Versions.kind(connection, published).equals(Optional.of("table"))) {
        return Optional.of("v1"); // a warehouse from before versions; adopted as v1 on next publish
      }
      return Versions.liveVersion(connection, published);
    } catch (SQLException e) {
      throw PartitaException.internal("Cannot read the live version of " + asset, e);
    }
  }

  @Override
  public void switchVersion(String asset, String version) {
    TableName target = Versions.table(asset, version);
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      if (!Versions.kind(connection, target).equals(Optional.of("table"))) {
        throw PartitaException.user(
            "Asset '%s' has no version %s in the warehouse (no table %s)", asset, version, target);
      }
      // One statement, one transaction: readers bind the view before or after, never in between.
      statement.execute(Versions.viewSql(Versions.published(asset), target));
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot switch " + asset + " to " + version + ": " + SqlErrors.clean(e), e);
    }
  }

  @Override
  public void dropVersion(String asset, String version) {
    TableName table = Versions.table(asset, version);
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table.sql());
      statement.execute("DROP TABLE IF EXISTS " + DuckDbBackups.backupOf(table).sql());
    } catch (SQLException e) {
      throw PartitaException.internal(
          "Cannot drop " + asset + " " + version + ": " + SqlErrors.clean(e), e);
    }
  }
}
