package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 31-day three-layer backfill whose stored task timestamps prove order and concurrency. */
class BackfillOrderTest {
  static final String JANUARY = "2025-01-01..2025-01-31";

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
  void thirtyOneDayBackfillRespectsDependenciesPriorityAndMaxParallel() {
    BackfillRequest request = TestProject.request("", JANUARY, 3);
    Plan plan = project.runs().plan(request).plan();
    CoordinatorLog log = new CoordinatorLog();

    RunResult result = project.backfill(request, log);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.exitCode()).isZero();
    assertThat(plan.size()).isEqualTo(93);
    List<TaskRecord> stored = project.tasks(result.runId());
    assertThat(stored).hasSize(93).allMatch(t -> t.status() == TaskStatus.SUCCEEDED);
    Map<String, TaskRecord> byKey = byKey(stored);

    for (TaskNode task : plan.tasks()) {
      TaskRecord record = byKey.get(key(task));
      for (int upstream : task.upstream()) {
        TaskRecord before = byKey.get(key(plan.tasks().get(upstream)));
        assertThat(record.startedAt().orElseThrow())
            .as(
                "%s starts after its upstream %s finished",
                key(task), key(plan.tasks().get(upstream)))
            .isAfterOrEqualTo(before.finishedAt().orElseThrow());
      }
    }
    assertThat(maxOverlap(stored)).isBetween(1, 3);
    assertThat(startOrder(stored, "raw_events"))
        .as("an asset without upstream starts its partitions in ascending order")
        .isSorted();
    log.assertReadyTasksStartedInPartitionOrder(plan);
  }

  @Test
  void withMaxParallelOneTasksStartExactlyInPlanOrder() {
    BackfillRequest request = TestProject.request("", JANUARY, 1);
    Plan plan = project.runs().plan(request).plan();

    RunResult result = project.backfill(request);

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<String> started =
        project.tasks(result.runId()).stream()
            .sorted(Comparator.comparing((TaskRecord t) -> t.startedAt().orElseThrow()))
            .map(t -> t.asset() + " " + t.partition())
            .toList();
    assertThat(started)
        .containsExactlyElementsOf(plan.tasks().stream().map(BackfillOrderTest::key).toList());
    assertThat(maxOverlap(project.tasks(result.runId()))).isEqualTo(1);
  }

  static String key(TaskNode task) {
    return task.asset() + " " + task.partition().key();
  }

  static Map<String, TaskRecord> byKey(List<TaskRecord> tasks) {
    Map<String, TaskRecord> map = new HashMap<>();
    tasks.forEach(t -> map.put(t.asset() + " " + t.partition(), t));
    return map;
  }

  /** The partitions of {@code asset} in the order they started. */
  static List<String> startOrder(List<TaskRecord> tasks, String asset) {
    return tasks.stream()
        .filter(t -> t.asset().equals(asset))
        .sorted(
            Comparator.comparing((TaskRecord t) -> t.startedAt().orElseThrow())
                .thenComparing(TaskRecord::partition))
        .map(TaskRecord::partition)
        .toList();
  }

  /**
   * The most tasks running at one instant: a sweep over start (+1) and finish (-1) events, with a
   * finish at the same instant as a start counted first (a slot handed over is no overlap).
   */
  static int maxOverlap(List<TaskRecord> tasks) {
    List<long[]> events = new ArrayList<>();
    for (TaskRecord task : tasks) {
      if (task.startedAt().isPresent() && task.finishedAt().isPresent()) {
        events.add(new long[] {task.startedAt().get().toEpochMilli(), +1});
        events.add(new long[] {task.finishedAt().get().toEpochMilli(), -1});
      }
    }
    events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    int running = 0;
    int max = 0;
    for (long[] event : events) {
      running += (int) event[1];
      max = Math.max(max, running);
    }
    return max;
  }

  /**
   * Records, in the coordinator's own clock, when each task started and when the coordinator learnt
   * that a task succeeded (the moment its downstream can become ready). A finish reported by a
   * worker but not yet seen by the coordinator cannot make anything ready, so this is the exact
   * knowledge the coordinator started tasks from.
   */
  static final class CoordinatorLog implements RunListener {
    final Map<String, Instant> started = new ConcurrentHashMap<>();
    final Map<String, Instant> learntSucceeded = new ConcurrentHashMap<>();

    @Override
    public void taskStarted(TaskRecord task) {
      started.put(task.asset() + " " + task.partition(), task.startedAt().orElseThrow());
    }

    @Override
    public void taskFinished(TaskRecord task) {
      if (task.status() == TaskStatus.SUCCEEDED) {
        learntSucceeded.put(task.asset() + " " + task.partition(), Instant.now());
      }
    }

    /**
     * Within an asset (same limits), a task never starts while an earlier partition of it was known
     * to be ready: every earlier partition either started first or still waited for an upstream.
     */
    void assertReadyTasksStartedInPartitionOrder(Plan plan) {
      assertThat(started).hasSize(plan.size());
      for (TaskNode later : plan.tasks()) {
        Instant laterStart = started.get(key(later));
        for (TaskNode earlier : plan.tasks()) {
          if (!earlier.asset().equals(later.asset()) || earlier.id() >= later.id()) {
            continue;
          }
          Instant earlierStart = started.get(key(earlier));
          if (!earlierStart.isAfter(laterStart)) {
            continue;
          }
          boolean earlierWasReady = true;
          for (int upstream : earlier.upstream()) {
            Instant learnt = learntSucceeded.get(key(plan.tasks().get(upstream)));
            if (!learnt.isBefore(laterStart)) {
              earlierWasReady = false;
            }
          }
          assertThat(earlierWasReady)
              .as(
                  "%s started at %s although the earlier %s was ready",
                  key(later), laterStart, key(earlier))
              .isFalse();
        }
      }
    }
  }
}
