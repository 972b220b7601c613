package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, failures that stay failed, their downstream, and timeouts, with real child processes.
 */
class FailureHandlingTest {
  /** Fails the first attempt of each partition (leaving a marker), succeeds on the next. */
  static final String FLAKY =
      """
      import os, sys
      marker = os.path.join(os.environ['PARTITA_PROJECT_DIR'], 'markers', os.environ['PARTITA_PARTITION'])
      if not os.path.exists(marker):
          os.makedirs(os.path.dirname(marker), exist_ok=True)
          open(marker, 'w').close()
          print('first attempt fails on purpose', file=sys.stderr)
          sys.exit(3)
      with open(os.environ['PARTITA_OUTPUT'], 'w') as out:
          out.write('event_date,note\\n' + os.environ['PARTITA_PARTITION'] + ',second attempt\\n')
      """;

  static final String ALWAYS_FAILS =
      """
      import sys
      print('connecting to the feature store', file=sys.stderr)
      print('feature store unreachable: disk on fire', file=sys.stderr)
      sys.exit(4)
      """;

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void open() {
    project = TestProject.threeLayers(dir);
  }

  @AfterEach
  void close() {
    project.close();
  }

  @Test
  void commandThatFailsItsFirstAttemptSucceedsOnTheRetry() {
    project
        .withAssets(
            """
            flaky:
              command: [python3, scripts/flaky.py]
              depends_on: [raw_events]
              retries: 2
            """)
        .write("scripts/flaky.py", FLAKY);
    List<TaskRecord> finishes = new CopyOnWriteArrayList<>();
    RunListener listener =
        new RunListener() {
          @Override
          public void taskFinished(TaskRecord task) {
            finishes.add(task);
          }
        };

    RunResult result =
        project.backfill(TestProject.request("+flaky", "2025-01-01..2025-01-02", 2), listener);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    for (String day : List.of("2025-01-01", "2025-01-02")) {
      TaskRecord flaky = project.task(result.runId(), "flaky", day);
      assertThat(flaky.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(flaky.attempts()).isEqualTo(2);
      assertThat(flaky.error()).isEmpty();
      assertThat(project.task(result.runId(), "raw_events", day).attempts()).isEqualTo(1);
    }
    assertThat(finishes)
        .filteredOn(t -> t.status() == TaskStatus.RETRYING)
        .hasSize(2)
        .allSatisfy(
            t -> assertThat(t.error().orElseThrow()).contains("first attempt fails on purpose"));
    assertThat(project.query("SELECT event_date::VARCHAR, note FROM flaky ORDER BY 1"))
        .containsExactly(
            List.of("2025-01-01", "second attempt"), List.of("2025-01-02", "second attempt"));
  }

  @Test
  void taskThatAlwaysFailsEndsFailedAndOnlyItsDownstreamIsSkipped() {
    project
        .withAssets(
            """
            export:
              command: [python3, scripts/export.py]
              depends_on: [raw_events]
              retries: 1
            export_summary:
              sql: models/export_summary.sql
            """)
        .write("scripts/export.py", ALWAYS_FAILS)
        .write("models/export_summary.sql", "select event_date from {{ ref('export') }}\n");

    RunResult result = project.backfill(TestProject.request("", "2025-01-01..2025-01-02", 2));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(project.runs().find(result.runId()).status()).isEqualTo(RunStatus.FAILED);
    for (String day : List.of("2025-01-01", "2025-01-02")) {
      TaskRecord export = project.task(result.runId(), "export", day);
      assertThat(export.status()).isEqualTo(TaskStatus.FAILED);
      assertThat(export.attempts()).as("retries + 1").isEqualTo(2);
      assertThat(export.error().orElseThrow())
          .contains("asset 'export' partition " + day)
          .contains("exited with 4")
          .contains("connecting to the feature store\nfeature store unreachable: disk on fire");
      TaskRecord summary = project.task(result.runId(), "export_summary", day);
      assertThat(summary.status()).isEqualTo(TaskStatus.UPSTREAM_FAILED);
      assertThat(summary.attempts()).isZero();
      assertThat(summary.error()).contains("upstream export " + day + " failed");
      for (String independent : List.of("raw_events", "staging_events", "features")) {
        assertThat(project.task(result.runId(), independent, day).status())
            .as(independent)
            .isEqualTo(TaskStatus.SUCCEEDED);
      }
    }
    assertThat(result.count(TaskStatus.SUCCEEDED)).isEqualTo(6);
    assertThat(project.state.partitions().list("export"))
        .extracting(PartitionState::status)
        .containsExactly(PartitionStatus.FAILED, PartitionStatus.FAILED);
    assertThat(project.count("SELECT count(*) FROM features")).isPositive();
  }

  /**
   * A SQL task's start is stored while its query runs; when the state store refuses it, the
   * engine's commit waits for that and rolls back: the task fails with the store's error and
   * nothing of its partition is published (a write without its attempt would survive a kill -9).
   */
  @Test
  void aStartTheStateStoreRefusesPublishesNothingAndFailsTheTask() throws Exception {
    project.backfill(TestProject.request("raw_events", "2025-01-01..2025-01-01", 1));
    try (java.sql.Connection store =
            java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve(".partita/state.db"));
        java.sql.Statement statement = store.createStatement()) {
      statement.execute(
          "CREATE TRIGGER refuse_start BEFORE INSERT ON audit_log"
              + " WHEN NEW.event = 'START' AND NEW.partition = '2025-01-03'"
              + " BEGIN SELECT RAISE(ABORT, 'the state store refused the start'); END");
    }

    RunResult result =
        project.backfill(TestProject.request("raw_events", "2025-01-02..2025-01-04", 1));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    TaskRecord refused = project.task(result.runId(), "raw_events", "2025-01-03");
    assertThat(refused.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(refused.error())
        .hasValueSatisfying(
            error -> assertThat(error).contains("the state store refused the start"));
    assertThat(
            project.query("select event_date, count(*) > 0 from raw_events group by 1 order by 1"))
        .containsExactly(
            List.of(java.time.LocalDate.parse("2025-01-01"), true),
            List.of(java.time.LocalDate.parse("2025-01-02"), true),
            List.of(java.time.LocalDate.parse("2025-01-04"), true));
    assertThat(
            project.count(
                "select count(*) from _partita.publish_log where partition = '2025-01-03'"))
        .isZero();
  }

  @Test
  void timeoutStopsACommandThatHangsAndFailsTheAttempt() {
    project.withAssets(
        """
        sleeper:
          command: [python3, -c, "import time; time.sleep(30)"]
          timeout: 1s
          retries: 0
        """);

    RunResult result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () -> project.backfill(TestProject.request("sleeper", "2025-01-01", 1)));

    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    TaskRecord sleeper = project.task(result.runId(), "sleeper", "2025-01-01");
    assertThat(sleeper.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(sleeper.attempts()).isEqualTo(1);
    assertThat(sleeper.error().orElseThrow())
        .contains("asset 'sleeper' partition 2025-01-01")
        .contains("timed out");
    assertThat(
            Duration.between(sleeper.startedAt().orElseThrow(), sleeper.finishedAt().orElseThrow()))
        .isLessThan(Duration.ofSeconds(10));
  }
}
