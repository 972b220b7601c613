package io.partita.publish;

import io.partita.check.Check;
import io.partita.check.ScannedCheck;
import io.partita.check.ScannedCheck.Measure;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.engine.WarehouseReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the {@link ScannedCheck}s of one asset over one or several staged partitions (the
 * partitions of a {@code batch_size} batch) with as few queries as possible: the aggregates of all
 * of them in one scan, plus one per check over duplicated keys ({@code unique}), each grouped by
 * partition over the union of the partitions' staging relations. Each partition gets the values its
 * checks would have read alone, so its verdicts, metrics and quarantine stay its own. Other checks
 * (drift, reconcile, sql, ...) are not measured here: they run per partition.
 */
final class CheckScan {
  /** The column naming each row's partition (its position in the batch) in the grouped scan. */
  static final String PARTITION = "__partita_partition";

  private final List<Query> queries;

  /**
   * Each measure's values over no rows, asked once: a partition of a batch that forms no group (no
   * rows, or no duplicate keys) gets them, and they depend on no relation.
   */
  private final Map<Measure, List<Object>> none = new java.util.concurrent.ConcurrentHashMap<>();

  /** One query measuring several checks: each reads its {@code widths} values in turn. */
  private record Query(Measure measure, List<ScannedCheck> checks, List<Integer> widths) {}

  private CheckScan(List<Query> queries) {
    this.queries = queries;
  }

  /** The scan of {@code checks} (the scanned ones among them) in {@code dialect}. */
  static CheckScan of(List<Check> checks, SqlDialect dialect) {
    List<Query> queries = new ArrayList<>();
    List<String> aggregates = new ArrayList<>();
    List<ScannedCheck> together = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (Check check : checks) {
      if (!(check instanceof ScannedCheck scanned)) {
        continue;
      }
      Measure measure = scanned.measure(dialect);
      if (measure.keyed()) {
        queries.add(new Query(measure, List.of(scanned), List.of(measure.aggregates().size())));
      } else {
        aggregates.addAll(measure.aggregates());
        together.add(scanned);
        widths.add(measure.aggregates().size());
      }
    }
    if (!together.isEmpty()) {
      queries.add(0, new Query(new Measure(List.of(), aggregates), together, widths));
    }
    return new CheckScan(List.copyOf(queries));
  }

  /** How many queries {@link #measure} runs, whatever the number of partitions. */
  int queries() {
    return queries.size();
  }

  /**
   * The values of every scanned check for each staging relation, in the order given. A query that
   * fails leaves its checks unmeasured (absent from the maps): they then run partition by partition
   * and fail there, each with its own error.
   */
  List<Map<Check, List<Object>>> measure(
      WarehouseReader reader,
      List<String> stagingRelations,
      java.util.function.Supplier<String> taggedRows) {
    List<Map<Check, List<Object>>> values = new ArrayList<>();
    stagingRelations.forEach(relation -> values.add(new HashMap<>()));
    for (Query query : queries) {
      List<List<Object>> rows;
      try {
        rows = run(reader, query.measure(), stagingRelations, taggedRows);
      } catch (RuntimeException e) {
        continue;
      }
      for (int i = 0; i < stagingRelations.size(); i++) {
        int at = 0;
        for (int c = 0; c < query.checks().size(); c++) {
          int width = query.widths().get(c);
          values
              .get(i)
              .put(
                  query.checks().get(c),
                  Collections.unmodifiableList(
                      new ArrayList<>(rows.get(i).subList(at, at + width))));
          at += width;
        }
      }
    }
    return values;
  }

  /**
   * One row of values per staging relation, in their order; {@code taggedRows}: their rows in one
   * relation, each with its position in column {@link #PARTITION}.
   */
  private List<List<Object>> run(
      WarehouseReader reader,
      Measure measure,
      List<String> relations,
      java.util.function.Supplier<String> taggedRows) {
    if (relations.size() == 1) {
      return List.of(single(reader, measure.sql(relations.get(0))));
    }
    String batch = "(" + taggedRows.get() + ") as batch_rows";
    QueryResult result =
        reader.queryGenerated(measure.grouped(batch, List.of(PARTITION)), relations.size() + 1);
    List<List<Object>> rows = new ArrayList<>();
    relations.forEach(relation -> rows.add(null));
    for (List<Object> row : result.rows()) {
      rows.set(((Number) row.get(0)).intValue(), row.subList(1, row.size()));
    }
    if (rows.contains(null)) {
      // A partition without rows (or, for a keyed measure, without duplicates) forms no group: its
      // values are those of no rows at all, as its own query would have returned them.
      List<Object> empty =
          none.computeIfAbsent(
              measure,
              m ->
                  single(
                      reader, m.sql("(select * from " + relations.get(0) + " where 1 = 0) as e")));
      rows.replaceAll(row -> row == null ? empty : row);
    }
    return rows;
  }

  private static List<Object> single(WarehouseReader reader, String sql) {
    QueryResult result = reader.queryGenerated(sql, 2);
    if (result.rows().size() != 1) {
      throw new IllegalStateException("aggregate query returned " + result.rows().size() + " rows");
    }
    return result.rows().get(0);
  }
}
