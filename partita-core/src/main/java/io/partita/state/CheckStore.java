package io.partita.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Check verdicts per partition attempt (append-only) and the metric values of published partitions,
 * so trailing baselines and dashboards need no recompute.
 */
public interface CheckStore {
  /** Appends verdicts in one transaction. */
  void record(List<CheckRecord> results);

  /** Verdicts for partitions {@code first..last} of {@code asset}, oldest first. */
  List<CheckRecord> list(String asset, String first, String last);

  /** Verdicts recorded by one run, oldest first. */
  List<CheckRecord> forRun(String runId);

  /** Replaces the stored metrics of a published partition. */
  void putMetrics(
      String asset, String partition, String runId, Map<String, Double> metrics, Instant at);

  /**
   * Replaces the stored metrics of several published partitions (those of one {@code batch_size}
   * batch, say) in one transaction: all of them or none.
   */
  default void putMetrics(java.util.List<PartitionMetrics> partitions) {
    for (PartitionMetrics partition : partitions) {
      putMetrics(
          partition.asset(),
          partition.partition(),
          partition.runId(),
          partition.metrics(),
          partition.at());
    }
  }

  /**
   * The values of {@code metric} for the last {@code count} partitions before {@code partition},
   * most recent first.
   */
  List<Double> trailing(String asset, String metric, String partition, int count);

  /**
   * The values of the metrics named {@code metrics} stored for each of {@code partitions}, by
   * partition then metric; a partition without any of them is absent. Reads by the metrics table's
   * key (asset, metric, partition), so its cost does not grow with the asset's history.
   */
  Map<String, Map<String, Double>> metrics(
      String asset, List<String> partitions, List<String> metrics);
}
