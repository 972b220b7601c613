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
   * Whether the publish reads some staging relation by name: a partition published alone (a merge,
   * or an overwrite in no group) or a target not in {@code known} (created from a staging
   * relation). Otherwise every group reads its staged rows as {@link #publish} does: views of a
   * batch through the batch table, so they need not exist ({@link BatchViews}).
   */
  static boolean readsStagingByName(
      List<StagedPartition> staged, List<PublishRequest> requests, java.util.Set<TableName> known) {
    for (int i = 0, end; i < staged.size(); i = end) {
      end = end(staged, requests, i);
      if (end - i == 1
          || !known.contains(TableName.parse(staged.get(i).request().targetRelation()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Publishes {@code group} (two or more partitions) inside the caller's transaction; {@code
   * unlocked}: without the table lock, so it throws {@link NeedsLock} when it finds rows to
   * replace.
   */
  static List<PublishResult> publish(
      Statement statement,
      DuckDbBackups backups,
      BatchViews views,
      List<StagedPartition> group,
      Instant now,
      boolean unlocked)
      throws SQLException {
    StageRequest first = group.get(0).request();
    TableName target = TableName.parse(first.targetRelation());
    StringBuilder index = new StringBuilder("CASE");
    for (int i = 0; i < group.size(); i++) {
      StageRequest request = group.get(i).request();
      String window = DuckDbBackups.window("t", request.timeColumn(), request.partition());
      index.append(" WHEN ").append(window).append(" THEN ").append(i);
    }
    index.append(" END");
    String any =
        BatchViews.spans(
            "t", first.timeColumn(), group.stream().map(s -> s.request().partition()).toList());
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
    statement.executeUpdate("INSERT INTO " + target.sql() + " BY NAME " + rows(views, group));
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

  /**
   * The staged rows of {@code group}: each staging table, and each run of views of one batch as one
   * scan of the batch (one filter instead of a scan per partition).
   */
  private static String rows(BatchViews views, List<StagedPartition> group) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0, end; i < group.size(); i = end) {
      TableName staging = TableName.parse(group.get(i).stagingRelation());
      java.util.Optional<BatchViews.View> view = views.of(staging);
      List<io.partita.model.PartitionKey> partitions = new ArrayList<>();
      end = i;
      while (end < group.size()
          && view.isPresent()
          && views
              .of(TableName.parse(group.get(end).stagingRelation()))
              .map(other -> other.batch().equals(view.get().batch()))
              .orElse(false)) {
        partitions.add(group.get(end).request().partition());
        end++;
      }
      rows.append(rows.length() == 0 ? "" : " UNION ALL BY NAME ").append("SELECT * FROM ");
      if (end == i) {
        rows.append(staging.sql());
        end = i + 1;
      } else {
        rows.append(view.get().batch().sql())
            .append(" WHERE ")
            .append(BatchViews.spans("", view.get().column(), partitions));
      }
    }
    return rows.toString();
  }
}
