package io.partita.engine.duckdb;

import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.model.WriteMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Overwrites several partitions of one target inside the publish transaction with a fixed number of
 * statements instead of three per partition (a batch of {@code batch_size} publishes dozens at
 * once, and each DuckDB statement costs about half a millisecond whatever it does): one grouped
 * count of the rows in the partitions' windows, when any, one backup copy tagged per partition and
 * one DELETE, then one INSERT of every staged partition and one publish-log statement with a row
 * per partition. Each partition keeps its own publish-log row, backup row count and backup tag,
 * exactly as a publish of it alone would write them.
 */
final class GroupOverwrite {
  /** At most this many partitions per group, so the statements stay a reasonable size. */
  static final int MAX_PARTITIONS = 256;

  private GroupOverwrite() {}

  /** The end (exclusive) of the group that starts at {@code from}: one run, target, overwrite. */
  static int end(List<StagedPartition> staged, List<PublishRequest> requests, int from) {
    StageRequest first = staged.get(from).request();
    int to = from + 1;
    while (to < staged.size()
        && to - from < MAX_PARTITIONS
        && requests.get(from).mode() == WriteMode.OVERWRITE
        && requests.get(to).mode() == WriteMode.OVERWRITE
        && staged.get(to).request().targetRelation().equals(first.targetRelation())
        && staged.get(to).request().runId().equals(first.runId())
        && staged.get(to).request().timeColumn().equals(first.timeColumn())) {
      to++;
    }
    return to;
  }

  /**
   * Publishes {@code group} (two or more partitions) inside the caller's transaction; {@code
   * unlocked}: without the table lock, so it throws {@link NeedsLock} when it finds rows to
   * replace.
   */
  static List<PublishResult> publish(
      Statement statement,
      DuckDbBackups backups,
      List<StagedPartition> group,
      Instant now,
      boolean unlocked)
      throws SQLException {
    StageRequest first = group.get(0).request();
    TableName target = TableName.parse(first.targetRelation());
    List<String> windows = new ArrayList<>();
    StringBuilder index = new StringBuilder("CASE");
    for (int i = 0; i < group.size(); i++) {
      StageRequest request = group.get(i).request();
      String window = DuckDbBackups.window("t", request.timeColumn(), request.partition());
      windows.add("(" + window + ")");
      index.append(" WHEN ").append(window).append(" THEN ").append(i);
    }
    index.append(" END");
    String any = String.join(" OR ", windows);
    long[] inWindow = new long[group.size()];
    long total = 0;
    try (ResultSet counts =
        statement.executeQuery(
            "SELECT "
                + index
                + ", count(*) FROM "
                + target.sql()
                + " t WHERE "
                + any
                + " GROUP BY 1")) {
      while (counts.next()) {
        inWindow[counts.getInt(1)] = counts.getLong(2);
        total += counts.getLong(2);
      }
    }
    if (total > 0 && unlocked) {
      throw new NeedsLock();
    }
    if (total > 0) {
      backups.saveGroup(statement, group, target, any);
      statement.executeUpdate("DELETE FROM " + target.sql() + " t WHERE " + any);
    }
    StringBuilder rows = new StringBuilder();
    for (StagedPartition staged : group) {
      rows.append(rows.length() == 0 ? "" : " UNION ALL BY NAME ")
          .append("SELECT * FROM ")
          .append(TableName.parse(staged.stagingRelation()).sql());
    }
    statement.executeUpdate("INSERT INTO " + target.sql() + " BY NAME " + rows);
    StringBuilder log =
        new StringBuilder(
            "INSERT INTO "
                + PublishLogTable.TABLE
                + " (run_id, asset, partition, attempt, rows, published_at, target, backup,"
                + " backup_rows) VALUES ");
    List<PublishResult> results = new ArrayList<>();
    String backup = DuckDbBackups.backupOf(target).sql();
    for (int i = 0; i < group.size(); i++) {
      StagedPartition staged = group.get(i);
      StageRequest request = staged.request();
      log.append(i == 0 ? "(" : ", (")
          .append(TableName.literal(request.runId()))
          .append(", ")
          .append(TableName.literal(request.asset()))
          .append(", ")
          .append(TableName.literal(request.partition().key()))
          .append(", ")
          .append(request.attempt())
          .append(", ")
          .append(staged.rows())
          .append(", ")
          .append(DuckDbBackups.timestamp(now))
          .append(", ")
          .append(TableName.literal(request.targetRelation()))
          .append(", ")
          .append(TableName.literal(backup))
          .append(", ")
          .append(inWindow[i])
          .append(')');
      results.add(new PublishResult(staged.rows(), inWindow[i]));
    }
    statement.executeUpdate(log.toString());
    return results;
  }
}
