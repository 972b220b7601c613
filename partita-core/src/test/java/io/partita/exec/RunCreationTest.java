package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases between runs, missing upstream partitions, --reprocess and --order. */
class RunCreationTest {
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

  static ErrorCategory category(Throwable e) {
    return ((PartitaException) e).category();
  }

  @Test
  void secondRunOverOverlappingPartitionsOfAQueuedRunIsRefusedAndLeavesNoTrace() {
    RunRecord first = project.create(TestProject.request("", "2025-01-01..2025-01-05", 2));

    assertThatThrownBy(
            () -> project.create(TestProject.request("raw_events", "2025-01-04..2025-01-08", 2)))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Run %s is writing some of these partitions (queued). Wait for it, or stop it with"
                + " `partita cancel %s`, then retry.",
            first.id(), first.id())
        .extracting(RunCreationTest::category)
        .isEqualTo(ErrorCategory.CONFLICT);
    assertThat(project.runs().find(first.id()).status()).isEqualTo(RunStatus.QUEUED);
    assertThat(project.state.runs().list(100))
        .extracting(RunRecord::id)
        .containsExactly(first.id());

    RunRecord disjoint =
        project.create(TestProject.request("raw_events", "2025-01-06..2025-01-08", 2));

    assertThat(disjoint.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(project.state.runs().list(100)).hasSize(2);
  }

  @Test
  void secondRunOverPartitionsOfARunningRunIsRefused() throws Exception {
    RunRecord first = project.create(TestProject.request("", "2025-01-01..2025-01-05", 2));
    RunControlTest.Gate gate = new RunControlTest.Gate(1);
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<RunResult> execution =
          background.submit(() -> project.runs().execute(first.id(), gate));
      await().atMost(Duration.ofSeconds(20)).until(() -> gate.reached.getCount() == 0);

      try {
        assertThatThrownBy(() -> project.create(TestProject.request("raw_events", "2025-01-05", 1)))
            .isInstanceOf(PartitaException.class)
            .hasMessageStartingWith(
                "Run " + first.id() + " is writing some of these partitions (running in process ")
            .extracting(RunCreationTest::category)
            .isEqualTo(ErrorCategory.CONFLICT);
      } finally {
        gate.release.countDown();
      }
      assertThat(execution.get(20, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(project.create(TestProject.request("raw_events", "2025-01-05", 1)).status())
          .as("leases released when the run finished")
          .isEqualTo(RunStatus.QUEUED);
    } finally {
      background.shutdownNow();
    }
  }

  @Test
  void backfillOfADownstreamAssetWithUnbuiltUpstreamListsTheMissingPartitions() {
    assertThatThrownBy(
            () -> project.create(TestProject.request("features", "2025-01-05..2025-01-07", 2)))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining(
            "Upstream partitions are missing and not in this run; build them first with"
                + " `partita backfill --assets +staging_events --partitions 2025-01-03..2025-01-07`:")
        .hasMessageContaining(
            "staging_events 2025-01-03, 2025-01-04, 2025-01-05, 2025-01-06, 2025-01-07 — needed by"
                + " features 2025-01-05 (window [-2, 0], depends_on at partita.yaml:")
        .hasMessageContaining(
            "Or include them in this run with --assets +features (adds upstream assets)")
        .extracting(RunCreationTest::category)
        .isEqualTo(ErrorCategory.USER);
    assertThat(project.state.runs().list(10)).isEmpty();

    project.backfill(TestProject.request("+staging_events", "2025-01-03..2025-01-07", 2));
    RunResult features =
        project.backfill(TestProject.request("features", "2025-01-05..2025-01-07", 2));

    assertThat(features.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(features.tasks())
        .extracting(TaskRecord::partition)
        .containsExactly("2025-01-05", "2025-01-06", "2025-01-07");
  }

  @Test
  void reprocessMissingSkipsPartitionsThatAlreadySucceeded() {
    project.backfill(TestProject.request("", "2025-01-01..2025-01-03", 2));

    BackfillRequest missing =
        TestProject.request("", "2025-01-01..2025-01-05", 2).withReprocess(Reprocess.MISSING);
    PlannedRun planned = project.runs().plan(missing);
    RunResult result =
        project.runs().execute(project.runs().create(planned, missing).id(), RunListener.NONE);

    assertThat(planned.plan().skipped()).isEqualTo(9);
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.tasks())
        .extracting(TaskRecord::partition)
        .containsOnly("2025-01-04", "2025-01-05")
        .hasSize(6);
  }

  @Test
  void reprocessFailedPicksOnlyFailedPartitions() {
    project
        .withAssets(
            """
            fragile:
              sql: models/fragile.sql
            """)
        .write(
            "models/fragile.sql",
            """
            select event_date, count(*) as events
            from {{ ref('raw_events') }}
            where event_date >= {{ start }} and event_date < {{ end }}
              and (case when (select count(*) from glob('{{ project_dir }}/fail/{{ partition }}')) > 0
                        then error('fragile fails on purpose for {{ partition }}') else true end)
            group by event_date
            """)
        .write("fail/2025-01-02", "");
    RunResult first =
        project.backfill(TestProject.request("+fragile", "2025-01-01..2025-01-03", 2));
    assertThat(first.status()).isEqualTo(RunStatus.FAILED);
    assertThat(project.task(first.runId(), "fragile", "2025-01-02").error().orElseThrow())
        .contains("fragile fails on purpose for 2025-01-02");
    project.delete("fail/2025-01-02");

    RunResult retry =
        project.backfill(
            TestProject.request("fragile", "2025-01-01..2025-01-03", 2)
                .withReprocess(Reprocess.FAILED));

    assertThat(retry.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(retry.tasks())
        .extracting(t -> t.asset() + " " + t.partition())
        .containsExactly("fragile 2025-01-02");
    assertThat(project.query("SELECT event_date::VARCHAR FROM fragile ORDER BY 1"))
        .containsExactly(List.of("2025-01-01"), List.of("2025-01-02"), List.of("2025-01-03"));
  }

  @Test
  void reprocessFailedIncludesFailedChecksAndUpstreamFailed() {
    project
        .withAssets(
            """
            checked_sums:
              sql: models/checked_sums.sql
              checks:
                - not_null: {columns: [flag]}
            after_checks:
              sql: models/after_checks.sql
            """)
        .write(
            "models/checked_sums.sql",
            """
            select event_date, count(*) as events,
              case when (select count(*) from glob('{{ project_dir }}/nullify/{{ partition }}')) > 0
                   then null else 1 end as flag
            from {{ ref('raw_events') }}
            where event_date >= {{ start }} and event_date < {{ end }}
            group by event_date
            """)
        .write(
            "models/after_checks.sql",
            """
            select event_date, events * 2 as doubled from {{ ref('checked_sums') }}
            where event_date >= {{ start }} and event_date < {{ end }}
            """)
        .write("nullify/2025-01-02", "")
        .write("nullify/2025-01-03", "");
    RunResult first =
        project.backfill(
            TestProject.request(
                "raw_events,checked_sums,after_checks", "2025-01-01..2025-01-04", 2));
    assertThat(first.tasks())
        .filteredOn(t -> t.status() != TaskStatus.SUCCEEDED)
        .extracting(t -> t.asset() + " " + t.partition() + " " + t.status().lowerName())
        .containsExactlyInAnyOrder(
            "checked_sums 2025-01-02 failed_checks",
            "checked_sums 2025-01-03 failed_checks",
            "after_checks 2025-01-02 upstream_failed",
            "after_checks 2025-01-03 upstream_failed");
    project.delete("nullify/2025-01-02");
    project.delete("nullify/2025-01-03");

    // failed_checks counts as failed; its never-run downstream comes along.
    BackfillRequest all =
        TestProject.request("raw_events,checked_sums,after_checks", "2025-01-01..2025-01-04", 2)
            .withReprocess(Reprocess.FAILED);
    assertThat(project.runs().plan(all).plan().tasks())
        .extracting(t -> t.asset() + " " + t.partition().key())
        .containsExactlyInAnyOrder(
            "checked_sums 2025-01-02",
            "checked_sums 2025-01-03",
            "after_checks 2025-01-02",
            "after_checks 2025-01-03");

    // Fix only the checked partitions: the downstream ones stay upstream_failed, and are failed.
    RunResult fixChecks =
        project.backfill(
            TestProject.request("checked_sums", "2025-01-01..2025-01-04", 2)
                .withReprocess(Reprocess.FAILED));
    assertThat(fixChecks.tasks())
        .extracting(t -> t.asset() + " " + t.partition() + " " + t.status().lowerName())
        .containsExactlyInAnyOrder(
            "checked_sums 2025-01-02 succeeded", "checked_sums 2025-01-03 succeeded");

    RunResult rest = project.backfill(all);

    assertThat(rest.tasks())
        .extracting(t -> t.asset() + " " + t.partition() + " " + t.status().lowerName())
        .containsExactlyInAnyOrder(
            "after_checks 2025-01-02 succeeded", "after_checks 2025-01-03 succeeded");
    assertThat(project.count("select count(*) from after_checks")).isEqualTo(4);
  }

  @Test
  void descendingOrderStartsTheNewestPartitionFirst() {
    BackfillRequest request =
        TestProject.withOrder(
            TestProject.request("raw_events", "2025-01-10..2025-01-14", 1), Order.DESC);

    RunResult result = project.backfill(request);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(
            project.tasks(result.runId()).stream()
                .sorted(Comparator.comparing((TaskRecord t) -> t.startedAt().orElseThrow()))
                .map(TaskRecord::partition))
        .containsExactly("2025-01-14", "2025-01-13", "2025-01-12", "2025-01-11", "2025-01-10");
    assertThat(result.tasks()).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
  }
}
