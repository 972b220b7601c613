package io.partita.check;

import io.partita.engine.Column;
import io.partita.engine.QueryResult;
import io.partita.engine.SqlDialect;
import io.partita.model.PartitionKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a check can see: the staged partition, the live data of the asset, upstream partitions, and
 * the stored metrics of earlier partitions. Relations are SQL expressions ready to put after FROM
 * (a subquery comes with its alias, as PostgreSQL before 16 requires).
 */
public interface CheckContext {
  String asset();

  PartitionKey partition();

  /** The column holding the partition time. */
  String timeColumn();

  /** The staged rows of this partition ({@code {{ this }}} in sql and read_test checks). */
  String stagedRelation();

  /** The published relation of this asset, empty before its first publish. */
  Optional<String> liveRelation();

  /**
   * The rows of {@code asset} (this asset or an upstream one) in the window {@code [start, end)} of
   * {@code partition}, as the run sees them: staged rows when the run staged that partition,
   * otherwise published rows. Empty when the asset has no data yet.
   */
  Optional<String> partitionRelation(String asset, PartitionKey partition);

  /**
   * The rows of upstream {@code asset} that this partition reads: the partitions its dependency
   * mapping names (e.g. D-2..D for {@code window: [-2, 0]}), each as the run sees it ({@link
   * #partitionRelation}); the same partition when this asset does not depend on {@code asset}.
   * Empty when none of them has data.
   */
  Optional<String> upstreamRelation(String asset);

  /**
   * Keys of the last {@code count} partitions before this one whose latest write of this asset
   * succeeded, most recent first: a baseline from published partitions only, so partitions that
   * failed (and have no rows, or rows nobody validated) never thin it out.
   */
  List<PartitionKey> publishedBefore(int count);

  /** SQL predicate {@code column >= start AND column < end} for a window. */
  String windowPredicate(String column, PartitionKey partition);

  /**
   * SQL predicate for the partitions {@code [first, first + count)}: by default the OR of their
   * {@link #windowPredicate}s; an engine may override it with one range comparison.
   */
  default String windowPredicate(String column, PartitionKey first, int count) {
    java.util.List<String> windows = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      windows.add("(" + windowPredicate(column, first.plus(i)) + ")");
    }
    return "(" + String.join(" OR ", windows) + ")";
  }

  /** Runs a read-only query in the engine. */
  QueryResult query(String sql);

  /**
   * The columns of a relation or a query ({@code select ...}) with the engine's type names, without
   * reading rows (see {@link io.partita.engine.WarehouseReader#describe}).
   */
  List<Column> describe(String relationOrQuery);

  /** The engine's SQL for quantiles, text casts and the like: checks write no engine's own SQL. */
  SqlDialect dialect();

  /**
   * Values of {@code metric} stored for the last {@code count} published partitions of this asset
   * before this one, most recent first.
   */
  List<Double> trailing(String metric, int count);

  /**
   * The values of {@code metrics} stored with each of {@code partitions} (published partitions of
   * this asset) at their last publish, by partition; a partition without them is absent, as is
   * every partition when this context reads no stored metrics (checks then measure the rows).
   */
  default Map<PartitionKey, Map<String, Double>> storedMetrics(
      List<PartitionKey> partitions, List<String> metrics) {
    return Map.of();
  }

  /**
   * Renders a check's SQL template: {@code {{ this }}}, {@code {{ start }}}, {@code {{ ref('x') }}}
   * …
   */
  String render(String name, String template);
}
