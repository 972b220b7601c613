package io.partita.engine.duckdb;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks that staged rows can be merged: every unique key column exists, no key is NULL (a NULL
 * never matches, so a rerun would insert it again) and no key appears twice (MERGE would either
 * fail or pick one row at random).
 */
final class MergeKeys {
  private MergeKeys() {}

  static void verifyUnique(
      Connection connection, TableName staging, List<String> uniqueKey, StageRequest request)
      throws SQLException {
    StagingColumns columns = StagingColumns.ofExisting(connection, staging);
    List<String> missing = new ArrayList<>();
    for (String key : uniqueKey) {
      if (columns.find(key).isEmpty()) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      throw new EngineException(
          String.format(
              "%s: unique_key column(s) %s are not in the result; its columns are %s",
              SqlErrors.where(request), missing, columns.names()),
          false,
          null);
    }
    String keyList = uniqueKey.stream().map(TableName::quote).collect(Collectors.joining(", "));
    String anyNull =
        uniqueKey.stream()
            .map(key -> TableName.quote(key) + " IS NULL")
            .collect(Collectors.joining(" OR "));
    try (Statement statement = connection.createStatement()) {
      try (ResultSet result =
          statement.executeQuery("SELECT count(*) FROM " + staging.sql() + " WHERE " + anyNull)) {
        result.next();
        long nulls = result.getLong(1);
        if (nulls > 0) {
          throw new EngineException(
              String.format(
                  "%s: %d rows have a NULL in unique_key %s; nothing was written",
                  SqlErrors.where(request), nulls, uniqueKey),
              false,
              null);
        }
      }
      String duplicates =
          "SELECT "
              + keyList
              + ", count(*) AS copies FROM "
              + staging.sql()
              + " GROUP BY "
              + keyList
              + " HAVING count(*) > 1 ORDER BY "
              + keyList
              + " LIMIT 1";
      try (ResultSet result = statement.executeQuery(duplicates)) {
        if (result.next()) {
          List<String> example = new ArrayList<>();
          for (int i = 0; i < uniqueKey.size(); i++) {
            example.add(uniqueKey.get(i) + "=" + result.getString(i + 1));
          }
          throw new EngineException(
              String.format(
                  "%s: unique_key %s is not unique in the new rows, e.g. (%s) appears %d times;"
                      + " nothing was written. Make the model return one row per key",
                  SqlErrors.where(request),
                  uniqueKey,
                  String.join(", ", example),
                  result.getLong(uniqueKey.size() + 1)),
              false,
              null);
        }
      }
    }
  }
}
