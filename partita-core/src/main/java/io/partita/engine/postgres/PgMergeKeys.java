package io.partita.engine.postgres;

import io.partita.engine.StageRequest;
import io.partita.engine.sql.UniqueKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The checks of {@link UniqueKeys} on a PostgreSQL staging table, whose columns the catalog gives.
 */
final class PgMergeKeys {
  private PgMergeKeys() {}

  static void verifyUnique(
      Connection connection, PgName staging, List<String> uniqueKey, StageRequest request)
      throws SQLException {
    List<String> columns = PgColumns.names(PgColumns.of(connection, staging));
    UniqueKeys.verify(connection, staging.sql(), columns, uniqueKey, request);
  }
}
