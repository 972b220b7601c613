package io.partita.engine.sql;

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
 * never matches, so a rerun would insert it again) and no key appears twice (MERGE would fail on
 * the second match, or pick one row at random). Each failure is an {@link EngineException} that is
 * not retryable and says that nothing was written.
 */
public final class UniqueKeys {
  private UniqueKeys() {}

  /**
   * Verifies the staged rows of {@code staging} before a MERGE on {@code uniqueKey}.
   *
   * @param staging the quoted, qualified staging table ({@link QualifiedName#sql()})
   * @param stagingColumns its column names, as the engine reads them; matched ignoring case
   */
  public static void verify(
      Connection connection,
      String staging,
      List<String> stagingColumns,
      List<String> uniqueKey,
      StageRequest request)
      throws SQLException {
    List<String> missing =
        uniqueKey.stream()
            .filter(key -> stagingColumns.stream().noneMatch(key::equalsIgnoreCase))
            .toList();
    if (!missing.isEmpty()) {
      throw new EngineException(
          String.format(
              "%s: unique_key column(s) %s are not in the result; its columns are %s",
              StageMessages.where(request), missing, stagingColumns),
          false,
          null);
    }
    try (Statement statement = connection.createStatement()) {
      refuseNulls(statement, staging, uniqueKey, request);
      refuseDuplicates(statement, staging, uniqueKey, request);
    }
  }

  private static void refuseNulls(
      Statement statement, String staging, List<String> uniqueKey, StageRequest request)
      throws SQLException {
    String anyNull =
        uniqueKey.stream()
            .map(key -> QualifiedName.quote(key) + " IS NULL")
            .collect(Collectors.joining(" OR "));
    try (ResultSet result =
        statement.executeQuery("SELECT count(*) FROM " + staging + " WHERE " + anyNull)) {
      result.next();
      long nulls = result.getLong(1);
      if (nulls > 0) {
        throw new EngineException(
            String.format(
                "%s: %d rows have a NULL in unique_key %s; nothing was written",
                StageMessages.where(request), nulls, uniqueKey),
            false,
            null);
      }
    }
  }

  private static void refuseDuplicates(
      Statement statement, String staging, List<String> uniqueKey, StageRequest request)
      throws SQLException {
    String keyList = uniqueKey.stream().map(QualifiedName::quote).collect(Collectors.joining(", "));
    String duplicates =
        "SELECT "
            + keyList
            + ", count(*) AS copies FROM "
            + staging
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
                StageMessages.where(request),
                uniqueKey,
                String.join(", ", example),
                result.getLong(uniqueKey.size() + 1)),
            false,
            null);
      }
    }
  }
}
