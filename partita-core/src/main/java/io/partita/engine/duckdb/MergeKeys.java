package io.partita.engine.duckdb;

import io.partita.engine.StageRequest;
import io.partita.engine.sql.UniqueKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The checks of {@link UniqueKeys} on a DuckDB staging table, whose columns its metadata gives. */
final class MergeKeys {
  private MergeKeys() {}

  static void verifyUnique(
      Connection connection, TableName staging, List<String> uniqueKey, StageRequest request)
      throws SQLException {
    List<String> columns = StagingColumns.ofExisting(connection, staging).names();
    UniqueKeys.verify(connection, staging.sql(), columns, uniqueKey, request);
  }
}
