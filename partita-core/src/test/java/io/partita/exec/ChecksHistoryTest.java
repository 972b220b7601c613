package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.partita.model.Grain;
import io.partita.state.CheckRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that look at history: trailing baselines and re-checks of published partitions. */
class ChecksHistoryTest {
  @TempDir Path dir;
  WapProject project;

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void rowCountRatioSkipsUntilThreePartitionsArePublishedThenFailsATenfoldPartition() {
    project =
        WapProject.create(
            dir,
            """
            readings:
              sql: models/readings.sql
              checks:
                - row_count: {ratio_vs_trailing: [0.5, 2.0]}
            """);
    project.readings(WapProject.days(1, 4, 10, 1), WapProject.day(5, 100, 1));

    RunResult result =
        project.backfill(
            BackfillRequest.of("2025-01-01..2025-01-05").withMaxParallel(1), RunListener.NONE);

    assertThat(project.state.checks().forRun(result.runId()))
        .extracting(
            CheckRecord::partition,
            CheckRecord::outcome,
            v -> v.metric().orElse(null),
            CheckRecord::message)
        .containsExactly(
            tuple(
                "2025-01-01",
                "skipped",
                null,
                "row_count: skipped: ratio_vs_trailing skipped: needs 3 trailing partitions, has"
                    + " 0"),
            tuple(
                "2025-01-02",
                "skipped",
                null,
                "row_count: skipped: ratio_vs_trailing skipped: needs 3 trailing partitions, has"
                    + " 1"),
            tuple(
                "2025-01-03",
                "skipped",
                null,
                "row_count: skipped: ratio_vs_trailing skipped: needs 3 trailing partitions, has"
                    + " 2"),
            tuple(
                "2025-01-04",
                "passed",
                10.0,
                "row_count: 10 rows (ratio 1.0 to trailing median 10.0)"),
            tuple(
                "2025-01-05",
                "failed",
                100.0,
                "row_count: 100 rows ratio 10.0 to trailing median 10.0 outside [0.5, 2.0]"));
    assertThat(project.state.checks().forRun(result.runId()).get(4).threshold())
        .isEqualTo("[0.5, 2.0] x trailing median 10.0");
    assertThat(project.task(result, "readings", 5).status()).isEqualTo(TaskStatus.FAILED_CHECKS);
    assertThat(project.count("select count(*) from readings")).isEqualTo(40);
  }

  @Test
  void recheckRecordsNewVerdictsWithoutRewritingData() {
    String assets =
        """
        readings:
          sql: models/readings.sql
          checks:
            - row_count: {min: %d}
        """;
    project = WapProject.create(dir, assets.formatted(1));
    project.readings(WapProject.days(1, 3, 4, 1));
    RunResult build = project.backfill("2025-01-01..2025-01-03");
    assertThat(build.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<List<Object>> published = project.table("readings");
    // The threshold tightens after the build: the published partitions no longer pass.
    project.assets(assets.formatted(5));

    List<CheckRecord> verdicts =
        project
            .rechecks()
            .run(
                "readings",
                List.of(Grain.DAY.parseKey("2025-01-01"), Grain.DAY.parseKey("2025-01-02")));

    assertThat(verdicts)
        .extracting(
            CheckRecord::partition,
            CheckRecord::outcome,
            v -> v.metric().orElseThrow(),
            CheckRecord::threshold,
            CheckRecord::message,
            CheckRecord::attempt)
        .containsExactly(
            tuple("2025-01-01", "failed", 4.0, ">= 5", "row_count: 4 rows below min 5", 0),
            tuple("2025-01-02", "failed", 4.0, ">= 5", "row_count: 4 rows below min 5", 0));
    assertThat(verdicts.get(0).runId()).startsWith("recheck-");
    assertThat(verdicts).allMatch(v -> v.quarantine().isEmpty());
    assertThat(project.state.checks().list("readings", "2025-01-01", "2025-01-03"))
        .as("the build's verdicts and the new ones")
        .hasSize(5);
    assertThat(project.table("readings")).isEqualTo(published);
    assertThat(project.engine.lastPublish("readings", "2025-01-01").orElseThrow().runId())
        .isEqualTo(build.runId());
    assertThat(project.partition("readings", 1).orElseThrow().runId()).isEqualTo(build.runId());
  }
}
