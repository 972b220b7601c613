package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-asset concurrency and pools are hard limits, proven from the stored task timestamps. */
class ConcurrencyLimitsTest {
  /** Writes one row for the partition after a short pause, so that tasks overlap if allowed. */
  static final String DAY_ROW =
      """
      import os, sys, time
      time.sleep(0.05)
      with open(os.environ['PARTITA_OUTPUT'], 'w') as out:
          out.write('event_date,label\\n' + os.environ['PARTITA_PARTITION'] + ',' + sys.argv[1] + '\\n')
      """;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = TestProject.threeLayers(dir).write("scripts/day_row.py", DAY_ROW);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void assetConcurrencyOneHoldsUnderMaxParallelFour() {
    project.withAssets(
        """
        single:
          command: [python3, scripts/day_row.py, single]
          concurrency: 1
        free:
          command: [python3, scripts/day_row.py, free]
        """);

    RunResult result =
        project.backfill(TestProject.request("single,free", "2025-01-01..2025-01-06", 4));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<TaskRecord> tasks = project.tasks(result.runId());
    assertThat(BackfillOrderTest.maxOverlap(only(tasks, "single"))).isEqualTo(1);
    assertThat(BackfillOrderTest.maxOverlap(tasks)).isBetween(2, 4);
  }

  @Test
  void poolSharedByTwoAssetsNeverRunsMoreThanItsSize() {
    project.withAssets(
        """
        pooled_a:
          command: [python3, scripts/day_row.py, a]
          pool: %s
        pooled_b:
          command: [python3, scripts/day_row.py, b]
          pool: %s
        """
            .formatted(project.pool, project.pool));

    RunResult result =
        project.backfill(TestProject.request("pooled_a,pooled_b", "2025-01-01..2025-01-05", 4));

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<TaskRecord> tasks = project.tasks(result.runId());
    assertThat(tasks).hasSize(10);
    assertThat(BackfillOrderTest.maxOverlap(tasks)).isBetween(1, 2);
    assertThat(ResourcePools.shared().inUse(project.pool)).as("slots given back").isZero();
  }

  static List<TaskRecord> only(List<TaskRecord> tasks, String... assets) {
    Set<String> names = Set.of(assets);
    return tasks.stream().filter(t -> names.contains(t.asset())).toList();
  }
}
