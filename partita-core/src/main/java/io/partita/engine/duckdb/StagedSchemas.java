package io.partita.engine.duckdb;

import io.partita.model.ColumnChanges.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns of each staging table, read once by the stager right after it creates the table and
 * used again by the publisher, so a publish does not describe the staging table a second time.
 * Nothing writes a staging table after staging; entries go when the table is dropped.
 */
final class StagedSchemas {
  private final ConcurrentHashMap<TableName, List<Column>> columns = new ConcurrentHashMap<>();

  /** Describes the freshly staged {@code staging} table and keeps its columns. */
  List<Column> describe(Connection connection, TableName staging) throws SQLException {
    List<Column> described = SchemaEvolution.describe(connection, staging);
    if (!described.isEmpty()) {
      columns.put(staging, described);
    }
    return described;
  }

  /**
   * Keeps {@code described} as the columns of {@code staging}, a view of {@code SELECT *} from a
   * table already described (the partitions of a batch): one describe serves them all.
   */
  void keep(TableName staging, List<Column> described) {
    if (!described.isEmpty()) {
      columns.put(staging, described);
    }
  }

  /** The kept columns of {@code staging}, or what DuckDB says now when none are kept. */
  List<Column> of(Connection connection, TableName staging) throws SQLException {
    List<Column> kept = columns.get(staging);
    return kept != null ? kept : SchemaEvolution.describe(connection, staging);
  }

  void dropped(TableName staging) {
    columns.remove(staging);
  }
}
