package io.partita.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proof at the end of {@code partita demo --workers N}: per asset, how many partitions of the
 * run the warehouse's publish log shows published once and more than once, the rows the log
 * recorded against the rows in the table, and keys present twice. Reads only.
 */
final class ExactlyOnceCheck {
  private static final String LOG = "_partita.publish_log";

  /** One asset's figures. */
  record AssetFigures(
      String asset,
      long partitions,
      long publishedOnce,
      long publishedTwice,
      long loggedRows,
      long tableRows,
      long duplicateKeys) {
    boolean holds() {
      return publishedOnce == partitions
          && publishedTwice == 0
          && loggedRows == tableRows
          && duplicateKeys == 0;
    }
  }

  private ExactlyOnceCheck() {}

  static List<AssetFigures> measure(Connection connection, String runId) throws SQLException {
    List<AssetFigures> figures = new ArrayList<>();
    for (String asset : WorkersDemoProject.ASSETS) {
      String keys = String.join(", ", WorkersDemoProject.KEYS.get(asset));
      figures.add(
          new AssetFigures(
              asset,
              count(
                  connection,
                  "SELECT count(*) FROM "
                      + WorkersDemoProject.STATE_SCHEMA
                      + ".tasks WHERE run_id = ? AND asset = ?",
                  runId,
                  asset),
              count(connection, publishes("= 1"), runId, asset),
              count(connection, publishes("> 1"), runId, asset),
              count(
                  connection,
                  "SELECT coalesce(sum(rows), 0) FROM "
                      + LOG
                      + " WHERE run_id = ? AND asset = ? AND attempt > 0",
                  runId,
                  asset),
              count(connection, "SELECT count(*) FROM public." + asset),
              count(
                  connection,
                  "SELECT count(*) FROM (SELECT 1 FROM public."
                      + asset
                      + " GROUP BY "
                      + keys
                      + " HAVING count(*) > 1) twice")));
    }
    return figures;
  }

  /** Prints the table; true when every partition was published exactly once. */
  static boolean print(PrintStream out, List<AssetFigures> figures) {
    List<List<Object>> rows = new ArrayList<>();
    for (AssetFigures asset : figures) {
      rows.add(
          List.of(
              asset.asset(),
              asset.partitions(),
              asset.publishedOnce(),
              asset.publishedTwice(),
              asset.loggedRows(),
              asset.tableRows(),
              asset.duplicateKeys(),
              asset.holds() ? "ok" : "WRONG"));
    }
    TextTable.print(
        out,
        List.of(
            "ASSET",
            "PARTITIONS",
            "PUBLISHED ONCE",
            "MORE THAN ONCE",
            "ROWS (PUBLISH LOG)",
            "ROWS (TABLE)",
            "DUPLICATE KEYS",
            "VERDICT"),
        rows);
    return figures.stream().allMatch(AssetFigures::holds);
  }

  /** Partitions of the asset in the run that the log shows published {@code times} times. */
  private static String publishes(String times) {
    return "SELECT count(*) FROM (SELECT partition FROM "
        + LOG
        + " WHERE run_id = ? AND asset = ? AND attempt > 0 GROUP BY partition"
        + " HAVING count(*) "
        + times
        + ") p";
  }

  private static long count(Connection connection, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
