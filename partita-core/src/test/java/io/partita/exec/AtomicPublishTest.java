package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --publish atomic}: all partitions of all assets of the run at the end, or none. */
class AtomicPublishTest {
  static final String ASSETS =
      """
      readings:
        sql: models/readings.sql
        checks:
          - not_null: {columns: [amount]}
      daily:
        sql: models/daily.sql
      """;
  static final String NOT_VERSION_1 =
      "select (select count(*) from readings where version <> 1)"
          + " + (select count(*) from daily where version <> 1)";

  /** daily once computed from version 2 of readings (5 rows of each day). */
  static final List<List<Object>> DAILY_VERSION_2 =
      List.of(
          List.of("2025-01-01", 5L, 110.0, 2),
          List.of("2025-01-02", 5L, 110.0, 2),
          List.of("2025-01-03", 5L, 110.0, 2),
          List.of("2025-01-04", 5L, 110.0, 2));

  @TempDir Path dir;
  WapProject project;
  String firstRun;

  @BeforeEach
  void buildVersion1() {
    project = WapProject.create(dir, ASSETS);
    project.readings(WapProject.days(1, 4, 3, 1));
    RunResult first = project.backfill("2025-01-01..2025-01-04");
    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
    firstRun = first.runId();
  }

  @AfterEach
  void close() {
    project.close();
  }

  static BackfillRequest atomic() {
    return BackfillRequest.of("2025-01-01..2025-01-04").withPublish("atomic");
  }

  @Test
  void nothingIsVisibleUntilTheEndThenEveryPartitionOfEveryAssetAppears() {
    project.readings(WapProject.days(1, 4, 5, 2));
    List<String> seenMidRun = new CopyOnWriteArrayList<>();
    RunListener probe =
        new RunListener() {
          @Override
          public void taskFinished(TaskRecord task) {
            if (task.status() == TaskStatus.STAGED) {
              seenMidRun.add(
                  task.asset() + " staged, rows not version 1: " + project.count(NOT_VERSION_1));
            }
          }
        };

    RunResult result = project.backfill(atomic(), probe);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.count(TaskStatus.SUCCEEDED)).isEqualTo(8);
    assertThat(seenMidRun).hasSize(8).allMatch(line -> line.endsWith("rows not version 1: 0"));
    // The daily tasks read the staged (version 2) readings through the run's overlay.
    assertThat(
            project.query(
                "select event_date::varchar, readings, total, version from daily order by 1"))
        .isEqualTo(DAILY_VERSION_2);
    assertThat(project.count("select count(*) from readings where version = 2")).isEqualTo(20);
    assertThat(project.stagingRelations()).isEmpty();
    assertThat(project.engine.published(result.runId())).hasSize(8);
  }

  @Test
  void fusedBatchesOfAnAtomicRunAreReadThroughTheOverlayToo() {
    project.assets(
        ASSETS
            .replace(
                "    sql: models/readings.sql\n",
                "    sql: models/readings.sql\n    batch_size: 4\n")
            .replace(
                "    sql: models/daily.sql\n", "    sql: models/daily.sql\n    batch_size: 4\n"));
    project.readings(WapProject.days(1, 4, 5, 2));

    RunResult result = project.backfill(atomic(), RunListener.NONE);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.count(TaskStatus.SUCCEEDED)).isEqualTo(8);
    // daily was computed from the staged readings (version 2), which nothing had published yet.
    assertThat(
            project.query(
                "select event_date::varchar, readings, total, version from daily order by 1"))
        .isEqualTo(DAILY_VERSION_2);
    assertThat(project.stagingRelations()).isEmpty();
  }

  @Test
  void oneFailedPartitionPublishesNothingOfAnyAsset() {
    List<List<Object>> readingsBefore = project.table("readings");
    List<List<Object>> dailyBefore = project.table("daily");
    project.readings(
        WapProject.days(1, 2, 3, 2),
        WapProject.day(3, 2, 2),
        WapProject.row(3999, 1, 3, "", 2),
        WapProject.day(4, 3, 2));

    RunResult result = project.backfill(atomic(), RunListener.NONE);

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(project.table("readings")).isEqualTo(readingsBefore);
    assertThat(project.table("daily")).isEqualTo(dailyBefore);
    assertThat(project.task(result, "readings", 3).status()).isEqualTo(TaskStatus.FAILED_CHECKS);
    assertThat(project.task(result, "daily", 3).status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
    assertThat(result.tasks())
        .filteredOn(task -> !task.partition().equals("2025-01-03"))
        .hasSize(6)
        .allSatisfy(
            task -> {
              assertThat(task.status()).isEqualTo(TaskStatus.CANCELLED);
              assertThat(task.error())
                  .hasValue(
                      "staged but not published: --publish atomic publishes only when every"
                          + " partition passes");
            });
    assertThat(project.engine.published(result.runId())).isEmpty();
    // The grid shows what readers see: the previous build, not a partition left "running".
    assertThat(project.partition("readings", 1).orElseThrow())
        .extracting(PartitionState::status, PartitionState::runId)
        .containsExactly(PartitionStatus.SUCCEEDED, firstRun);
    assertThat(project.partition("daily", 4).orElseThrow().status())
        .isEqualTo(PartitionStatus.SUCCEEDED);
    assertThat(project.stagingRelations()).isEmpty();
    assertThat(project.relationsIn("_partita_quarantine")).hasSize(1);
  }
}
