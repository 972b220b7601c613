package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.CheckRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks of a {@code batch_size} batch are measured in one grouped scan, yet every partition keeps
 * the verdicts, metrics, samples and quarantine it gets when it runs alone.
 */
class FusedChecksTest {
  @TempDir Path dir;

  static final String ASSETS =
      """
      readings:
        sql: models/readings.sql
        batch_size: %s
        checks:
          - row_count: {min: 1, max: 4, ratio_vs_trailing: [0.5, 2.0], trailing: 2}
          - not_null: {columns: [amount]}
          - null_spike: {columns: [amount], max_increase_pp: 5, trailing: 2}
          - unique: {columns: [id]}
          - range: {column: amount, min: 0, max: 100}
          - accepted_values: {column: version, values: [1, 2]}
          - drift: {column: amount, metric: psi, warn: 0.1, fail: 0.2, baseline: live_same_partition, min_rows: 1, severity: warn}
      """;

  static final String[] METRICS = {
    "row_count",
    "null_rate:amount",
    "duplicate_rows:id",
    "rows_out_of_range:amount",
    "rows_not_accepted:version",
    "drift_psi:amount"
  };

  @Test
  void aBatchGetsTheSameVerdictsMetricsAndQuarantinesAsPartitionByPartition() {
    Map<String, Object> oneByOne = twoRuns("1");
    Map<String, Object> fused = twoRuns("4");

    assertThat(fused).isEqualTo(oneByOne);
    @SuppressWarnings("unchecked")
    List<String> verdicts = (List<String>) oneByOne.get("verdicts");
    // Days 3 to 7 each fail what they broke, alone; days 1, 2 and 8 publish.
    assertThat(
            verdicts.stream()
                .filter(v -> v.contains(" failed "))
                .map(v -> v.substring(0, v.indexOf(" failed "))))
        .containsExactly(
            "2025-01-03 not_null(amount)",
            "2025-01-03 null_spike(amount)",
            "2025-01-04 unique(id)",
            "2025-01-05 range(amount)",
            "2025-01-06 accepted_values(version)",
            "2025-01-07 row_count");
    // Day 8 drifted from its published rows: a warning, measured per partition.
    assertThat(verdicts).anyMatch(v -> v.startsWith("2025-01-08 drift_psi(amount) warned"));
    @SuppressWarnings("unchecked")
    List<String> states = (List<String>) oneByOne.get("task states");
    assertThat(states)
        .containsExactly(
            "2025-01-01 SUCCEEDED",
            "2025-01-02 SUCCEEDED",
            "2025-01-03 FAILED_CHECKS",
            "2025-01-04 FAILED_CHECKS",
            "2025-01-05 FAILED_CHECKS",
            "2025-01-06 FAILED_CHECKS",
            "2025-01-07 FAILED_CHECKS",
            "2025-01-08 SUCCEEDED");
  }

  /**
   * Eight clean days, then a second run where days 3 to 7 each break one check and day 8 drifts:
   * the second run's verdicts, its task states and every stored metric.
   */
  private Map<String, Object> twoRuns(String batchSize) {
    try (WapProject project =
        WapProject.create(dir.resolve("batch-" + batchSize), ASSETS.formatted(batchSize))) {
      project.readings(WapProject.days(1, 8, 3, 1));
      assertThat(project.backfill("2025-01-01..2025-01-08").status())
          .isEqualTo(RunStatus.SUCCEEDED);
      project.readings(
          WapProject.days(1, 2, 3, 1),
          WapProject.row(3000, 1, 3, "10.0", 1),
          WapProject.row(3001, 2, 3, "", 1),
          WapProject.row(3002, 1, 3, "12.0", 1),
          WapProject.row(4000, 1, 4, "10.0", 1),
          WapProject.row(4000, 2, 4, "11.0", 1),
          WapProject.row(4002, 1, 4, "12.0", 1),
          WapProject.row(5000, 1, 5, "10.0", 1),
          WapProject.row(5001, 2, 5, "500.0", 1),
          WapProject.row(5002, 1, 5, "12.0", 1),
          WapProject.row(6000, 1, 6, "10.0", 1),
          WapProject.row(6001, 2, 6, "11.0", 7),
          WapProject.row(6002, 1, 6, "12.0", 1),
          WapProject.day(7, 5, 1),
          WapProject.day(8, 3, 2));

      RunResult result = project.backfill("2025-01-01..2025-01-08");

      assertThat(result.status()).isEqualTo(RunStatus.FAILED);
      Map<String, Object> outcome = new TreeMap<>();
      outcome.put(
          "verdicts",
          project.state.checks().forRun(result.runId()).stream()
              .map(FusedChecksTest::describe)
              .sorted()
              .toList());
      outcome.put(
          "task states",
          result.tasks().stream()
              .map(task -> task.partition() + " " + task.status())
              .sorted()
              .toList());
      List<String> metrics = new ArrayList<>();
      for (String metric : METRICS) {
        metrics.add(
            metric + " " + project.state.checks().trailing("readings", metric, "2025-01-09", 8));
      }
      outcome.put("metrics", metrics);
      assertThat(result.tasks())
          .filteredOn(task -> task.status() == TaskStatus.FAILED_CHECKS)
          .hasSize(5);
      return outcome;
    }
  }

  /** A verdict without what differs between two projects (quarantine and run names, times). */
  private static String describe(CheckRecord record) {
    return String.join(
        " ",
        record.partition(),
        record.check(),
        record.outcome(),
        String.valueOf(record.verdict().metric().orElse(Double.NaN)),
        record.verdict().threshold(),
        record.quarantine().isPresent() ? "quarantined" : "",
        record.sample().isPresent() ? "sample" : "",
        record.verdict().message().replaceAll("partita_\\w+", "?"));
  }
}
