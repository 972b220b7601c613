package io.partita.engine.duckdb;

import io.partita.model.PartitionKey;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The partitions of a batch ({@link DuckDbBatchStager}), each staged as a view of the batch table
 * that shows its own window: a view is one catalog entry, where a table cut from the batch cost a
 * scan of the whole batch and a copy of the partition's rows (measured: cutting took twice the time
 * of the batch's query on TPC-H). Nothing writes a staging table after staging, so the view shows
 * what a table cut at staging would hold. The batch table stays until its last view is dropped; a
 * publish of several views of one batch reads the batch once ({@link GroupOverwrite}).
 */
final class BatchViews {
  /** A staged partition that is a view of {@code batch}, whose time column is {@code column}. */
  record View(TableName batch, String column, PartitionKey partition) {}

  private final ConcurrentHashMap<TableName, View> views = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TableName, AtomicInteger> open = new ConcurrentHashMap<>();

  /** Creates {@code view}, the rows of {@code partition} in {@code batch}. */
  void create(
      Statement statement, TableName batch, String column, PartitionKey partition, TableName view)
      throws SQLException {
    statement.execute(
        "CREATE VIEW "
            + view.sql()
            + " AS SELECT * FROM "
            + batch.sql()
            + " WHERE "
            + partition.sqlPredicate(column));
    open.computeIfAbsent(batch, key -> new AtomicInteger()).incrementAndGet();
    views.put(view, new View(batch, column, partition));
  }

  /** What {@code staging} is a view of, when it is one. */
  Optional<View> of(TableName staging) {
    return Optional.ofNullable(views.get(staging));
  }

  /**
   * Drops {@code staging}: a table, or a view of a batch, with the batch table once its last view
   * is gone. The statement is closed by DuckDB when a DROP fails.
   */
  void drop(Statement statement, TableName staging) throws SQLException {
    View view = views.remove(staging);
    if (view == null) {
      statement.execute("DROP TABLE IF EXISTS " + staging.sql());
      return;
    }
    boolean last = open.get(view.batch()).decrementAndGet() == 0;
    if (last) {
      open.remove(view.batch());
    }
    statement.execute("DROP VIEW IF EXISTS " + staging.sql());
    if (last) {
      statement.execute("DROP TABLE IF EXISTS " + view.batch().sql());
    }
  }

  /**
   * The rows of {@code staged}, when all are views of one batch, read with one scan of the batch:
   * each row is joined (ASOF) to the last of the partitions starting at or before its time and kept
   * if it lies before that partition's end, tagged with its position in {@code staged} in {@code
   * column}. Empty when they are not all views of one batch.
   */
  Optional<String> tagged(List<io.partita.engine.StagedPartition> staged, String column) {
    View first = views.get(TableName.parse(staged.get(0).stagingRelation()));
    if (first == null) {
      return Optional.empty();
    }
    StringBuilder windows = new StringBuilder();
    for (int i = 0; i < staged.size(); i++) {
      View view = views.get(TableName.parse(staged.get(i).stagingRelation()));
      if (view == null || !view.batch().equals(first.batch())) {
        return Optional.empty();
      }
      PartitionKey partition = view.partition();
      windows
          .append(i == 0 ? "(" : ", (")
          .append(i)
          .append(", ")
          .append(partition.grain().sqlLiteral(partition.start()))
          .append(", ")
          .append(partition.grain().sqlLiteral(partition.end()))
          .append(')');
    }
    String time = "b." + TableName.quote(first.column());
    return Optional.of(
        "select p."
            + column
            + ", b.* from "
            + first.batch().sql()
            + " b asof join (values "
            + windows
            + ") p("
            + column
            + ", s, e) on "
            + time
            + " >= p.s where "
            + time
            + " < p.e");
  }

  /**
   * {@code alias.column} in any of the partitions' windows, adjacent windows joined into one range:
   * {@code (t."d" >= DATE '2025-01-01' AND t."d" < DATE '2025-01-31')} for a month of days.
   */
  static String spans(String alias, String column, List<PartitionKey> partitions) {
    String quoted = (alias.isEmpty() ? "" : alias + ".") + TableName.quote(column);
    StringBuilder any = new StringBuilder();
    for (int i = 0; i < partitions.size(); ) {
      PartitionKey first = partitions.get(i);
      int last = i;
      while (last + 1 < partitions.size()
          && partitions.get(last + 1).start().equals(partitions.get(last).end())) {
        last++;
      }
      any.append(any.length() == 0 ? "" : " OR ")
          .append('(')
          .append(quoted)
          .append(" >= ")
          .append(first.grain().sqlLiteral(first.start()))
          .append(" AND ")
          .append(quoted)
          .append(" < ")
          .append(first.grain().sqlLiteral(partitions.get(last).end()))
          .append(')');
      i = last + 1;
    }
    return any.toString();
  }
}
