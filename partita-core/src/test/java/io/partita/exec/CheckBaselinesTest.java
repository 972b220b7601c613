package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.AuditCheck;
import io.partita.state.AuditEvent;
import io.partita.state.AuditQuery;
import io.partita.state.AuditRecord;
import io.partita.state.CheckRecord;
import io.partita.state.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines of trailing checks come from what was stored when the earlier partitions were checked
 * (drift: a sketch of the column's values), and give the verdicts their published rows give.
 */
class CheckBaselinesTest {
  @TempDir Path dir;

  static final String ASSETS =
      """
      readings:
        sql: models/readings.sql
        checks:
          - row_count: {min: 1}
          - drift: {column: amount, metric: psi, trailing: 3, severity: warn}
      """;

  /** 5,000 readings a day: each day's sketch is made from a sample of its rows. */
  private static final int ROWS = 5_000;

  @Test
  void driftVerdictFromStoredSketchesIsTheVerdictFromThePublishedRows() {
    try (WapProject project = WapProject.create(dir, ASSETS)) {
      // Day 5's amounts are shifted by 490 (a tenth of their range): psi well above 0.
      project.readings(WapProject.days(1, 4, ROWS, 1), WapProject.day(5, ROWS, 50));
      assertThat(project.backfill("2025-01-01..2025-01-05").status())
          .isEqualTo(RunStatus.SUCCEEDED);

      CheckRecord fromSketches = drift(project, project.backfill("2025-01-05..2025-01-05"));
      for (String day : List.of("2025-01-02", "2025-01-03", "2025-01-04")) {
        assertThat(metrics(project, day, "drift_sketch:amount:n"))
            .isEqualTo(Map.of("drift_sketch:amount:n", (double) ROWS));
        // The partition's metrics again, without its sketch.
        project
            .state
            .checks()
            .putMetrics("readings", day, "test", metrics(project, day, "row_count"), Instant.EPOCH);
      }
      CheckRecord fromRows = drift(project, project.backfill("2025-01-05..2025-01-05"));

      assertThat(fromSketches.verdict()).isEqualTo(fromRows.verdict());
      assertThat(fromSketches.message())
          .contains("(5000 staged values vs 15000 in the 3 trailing published partitions)");
      assertThat(fromSketches.verdict().metric().orElseThrow()).isGreaterThan(0.01);
    }
  }

  @Test
  void aRerunOfABaselinePartitionChangesTheDriftBaseline() {
    try (WapProject project = WapProject.create(dir, ASSETS)) {
      project.readings(WapProject.days(1, 4, 200, 1), WapProject.day(5, 200, 2));
      assertThat(project.backfill("2025-01-01..2025-01-05").status())
          .isEqualTo(RunStatus.SUCCEEDED);
      CheckRecord before = drift(project, project.backfill("2025-01-05..2025-01-05"));
      Map<String, Double> sketchBefore = metrics(project, "2025-01-04", "drift_sketch:amount:000");

      // Day 4 is rebuilt from new input: amounts 90.. instead of 10..
      project.readings(
          WapProject.days(1, 3, 200, 1), WapProject.day(4, 200, 9), WapProject.day(5, 200, 2));
      assertThat(project.backfill("2025-01-04..2025-01-04").status())
          .isEqualTo(RunStatus.SUCCEEDED);
      CheckRecord after = drift(project, project.backfill("2025-01-05..2025-01-05"));

      // 200 values keep 100 points, the first at rank 1: 91 now, 11 before.
      assertThat(sketchBefore).containsEntry("drift_sketch:amount:000", 11.0);
      assertThat(metrics(project, "2025-01-04", "drift_sketch:amount:000"))
          .containsEntry("drift_sketch:amount:000", 91.0);
      assertThat(after.verdict().metric().orElseThrow())
          .isNotEqualTo(before.verdict().metric().orElseThrow());
    }
  }

  @Test
  void eachAuditEndRowListsTheVerdictsOfItsOwnAttempt() {
    try (WapProject project = WapProject.create(dir, ASSETS)) {
      project.readings(WapProject.days(1, 3, 200, 1));
      project.backfill("2025-01-01..2025-01-03");
      RunResult second = project.backfill("2025-01-02..2025-01-03");

      List<AuditRecord> ends =
          project.state.audit().list(AuditQuery.ofRun(second.runId())).stream()
              .filter(row -> row.event() == AuditEvent.END)
              .toList();

      // The first run judged the same partitions (attempt 1 too): only this run's verdicts count.
      assertThat(ends).hasSize(2);
      for (AuditRecord end : ends) {
        assertThat(end.checks())
            .extracting(AuditCheck::name)
            .containsExactly("row_count", "drift_psi(amount)");
      }
    }
  }

  private static Map<String, Double> metrics(WapProject project, String day, String metric) {
    return project
        .state
        .checks()
        .metrics("readings", List.of(day), List.of(metric))
        .getOrDefault(day, Map.of());
  }

  private static CheckRecord drift(WapProject project, RunResult run) {
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    return project.state.checks().forRun(run.runId()).stream()
        .filter(record -> record.check().startsWith("drift"))
        .findFirst()
        .orElseThrow();
  }
}
