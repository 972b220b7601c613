package io.partita.engine.postgres;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import io.partita.model.ColumnChanges.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks that staged rows can be merged: every unique key column exists, no key is NULL (a NULL
 * never matches, so a rerun would insert it again) and no key appears twice (MERGE would fail on
 * the second match).
 */
final class PgMergeKeys {
  private PgMergeKeys() {}

  static void verifyUnique(
      Connection connection, PgName staging, List<String> uniqueKey, StageRequest request)
      throws SQLException {
    List<Column> columns = PgColumns.of(connection, staging);
    List<String> missing =
        uniqueKey.stream().filter(key -> PgColumns.find(columns, key).isEmpty()).toList();
    if (!missing.isEmpty()) {
      throw new EngineException(
          String.format(
              "%s: unique_key column(s) %s are not in the result; its columns are %s",
              PgErrors.where(request), missing, PgColumns.names(columns)),
          false,
          null);
    }
    String keyList = uniqueKey.stream().map(PgName::quote).collect(Collectors.joining(", "));
    String anyNull =
        uniqueKey.stream()
            .map(key -> PgName.quote(key) + " IS NULL")
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
                  PgErrors.where(request), nulls, uniqueKey),
              false,
              null);
        }
      }
      try (ResultSet result =
          statement.executeQuery(
              "SELECT "
                  + keyList
                  + ", count(*) FROM "
                  + staging.sql()
                  + " GROUP BY "
                  + keyList
                  + " HAVING count(*) > 1 ORDER BY "
                  + keyList
                  + " LIMIT 1")) {
        if (result.next()) {
          List<String> example = new ArrayList<>();
          for (int i = 0; i < uniqueKey.size(); i++) {
            example.add(uniqueKey.get(i) + "=" + result.getString(i + 1));
          }
          throw new EngineException(
              String.format(
                  "%s: unique_key %s is not unique in the new rows, e.g. (%s) appears %d times;"
                      + " nothing was written. Make the model return one row per key",
                  PgErrors.where(request),
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
