package io.partita.engine.duckdb;

import io.partita.engine.StageRequest;
import io.partita.engine.sql.UniqueKeys;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** The checks of {@link UniqueKeys} on a DuckDB staging table, whose columns its metadata gives. */
final class MergeKeys {
  private MergeKeys() {}

  static void verifyUnique(
      Connection connection, TableName staging, List<String> uniqueKey, StageRequest request)
      throws SQLException {
    List<String> columns = StagingColumns.ofExisting(connection, staging).names();
    UniqueKeys.verify(connection, staging.sql(), columns, uniqueKey, request);
  }

  /** DuckDB (>= 1.4) MERGE; the count of matched rows is taken first, in the same transaction. */
  static long merge(
      Statement statement, List<String> uniqueKey, TableName target, TableName staging)
      throws SQLException {
    String on =
        uniqueKey.stream()
            .map(TableName::quote)
            .map(key -> "target." + key + " = staging." + key)
            .collect(Collectors.joining(" AND "));
    long matched;
    try (ResultSet result =
        statement.executeQuery(
            "SELECT count(*) FROM "
                + target.sql()
                + " AS target JOIN "
                + staging.sql()
                + " AS staging ON "
                + on)) {
      result.next();
      matched = result.getLong(1);
    }
    // Named columns, not SET * / INSERT *: the target may hold columns the model no longer returns
    // (on_schema_change: append_new_columns); they keep their value on update and get NULL on
    // insert.
    List<String> columns =
        SchemaEvolution.describe(statement.getConnection(), staging).stream()
            .map(column -> TableName.quote(column.name()))
            .toList();
    statement.executeUpdate(
        "MERGE INTO "
            + target.sql()
            + " AS target USING "
            + staging.sql()
            + " AS staging ON ("
            + on
            + ") WHEN MATCHED THEN UPDATE SET "
            + columns.stream()
                .map(column -> column + " = staging." + column)
                .collect(Collectors.joining(", "))
            + " WHEN NOT MATCHED THEN INSERT ("
            + String.join(", ", columns)
            + ") VALUES ("
            + columns.stream().map(column -> "staging." + column).collect(Collectors.joining(", "))
            + ")");
    return matched;
  }
}
