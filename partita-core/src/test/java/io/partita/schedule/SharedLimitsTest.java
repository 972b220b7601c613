package io.partita.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.exec.BackfillRequest;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedLimitsTest {
  @TempDir Path dir;

  private String config(String pool) {
    return """
        name: limits
        partitions: {grain: day, start: 2025-01-01, timezone: UTC}
        schedule: {cron: "0 2 * * *", lookback: 7}
        defaults: {concurrency: 4, retries: 0, retry_backoff: 10ms, timeout: 1m, time_column: event_date}
        pools: {%s: 2}
        assets:
          heavy:
            sql: models/heavy.sql
            pool: %s
        """
        .formatted(pool, pool);
  }

  private ScheduleProject project(String now) {
    String pool = "pool_" + Integer.toHexString(System.identityHashCode(this));
    return new ScheduleProject(dir, ManualClock.at(now), config(pool))
        .write(
            "models/heavy.sql",
            "select {{ start }} as event_date, sum(i % 7) as total from range(4000000) t(i)\n");
  }

  @Test
  void aPoolOfTwoSharedByAScheduledRunAndABackfillNeverRunsMoreThanTwoTasks() throws Exception {
    try (ScheduleProject project = project("2025-03-10T02:00:00Z")) {
      RunManager backfills = project.runs(Clock.systemUTC());
      BackfillRequest request = BackfillRequest.of("2025-01-01..2025-01-08").withMaxParallel(4);
      RunRecord backfill = backfills.create(backfills.plan(request), request);

      CompletableFuture<TickResult> scheduled =
          CompletableFuture.supplyAsync(() -> project.ticker().tick(RunListener.NONE));
      RunResult manual = backfills.execute(backfill.id(), RunListener.NONE);
      TickResult tick = scheduled.get();

      assertThat(manual.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(tick.runs())
          .singleElement()
          .satisfies(run -> assertThat(run.status()).contains(RunStatus.SUCCEEDED));
      List<TaskRecord> tasks = new ArrayList<>(project.state.tasks().list(backfill.id()));
      tasks.addAll(project.state.tasks().list(tick.runs().get(0).runId().orElseThrow()));
      assertThat(tasks).hasSize(16);
      assertThat(maxConcurrent(tasks)).isBetween(1, 2);
    }
  }

  /** The most tasks running at one instant, from their recorded start and finish times. */
  static int maxConcurrent(List<TaskRecord> tasks) {
    List<long[]> events = new ArrayList<>();
    for (TaskRecord task : tasks) {
      events.add(new long[] {task.startedAt().orElseThrow().toEpochMilli(), 1});
      events.add(new long[] {task.finishedAt().orElseThrow().toEpochMilli(), -1});
    }
    // At equal times a finish comes first: the slot is free before the next task takes it.
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int running = 0;
    int max = 0;
    for (long[] event : events) {
      running += (int) event[1];
      max = Math.max(max, running);
    }
    return max;
  }

  @Test
  void aLeaseHeldByACrashedRunExpiresAndTheScheduledRunTakesThePartition() {
    try (ScheduleProject project = project("2025-03-10T02:00:00Z")) {
      ManualClock clock = project.clock;
      RunManager crashed = project.runs(clock);
      BackfillRequest request = BackfillRequest.of("2025-03-09");
      RunRecord run = crashed.create(crashed.plan(request), request);
      // The run started in a process on another host that then died: RUNNING, heartbeat stops.
      Instant started = clock.instant();
      assertThat(project.state.runs().claim(run.id(), "gone@elsewhere:4242", started, started))
          .isTrue();
      assertThat(
              project
                  .state
                  .runs()
                  .transition(run.id(), RunStatus.QUEUED, RunStatus.RUNNING, started))
          .isTrue();

      TickResult blocked = project.ticker(clock).tick(RunListener.NONE);
      assertThat(blocked.runs())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.runId()).isEmpty();
                assertThat(r.skipped())
                    .hasValueSatisfying(reason -> assertThat(reason).contains(run.id()));
              });

      clock.advance(ScheduleProject.FAST.staleAfter().plus(Duration.ofSeconds(1)));
      TickResult taken = project.ticker(clock).tick(RunListener.NONE);

      assertThat(taken.runs())
          .singleElement()
          .satisfies(r -> assertThat(r.status()).contains(RunStatus.SUCCEEDED));
      assertThat(
              project
                  .query("select count(*) from heavy where event_date = DATE '2025-03-09'")
                  .get(0)
                  .get(0))
          .isEqualTo(1L);
    }
  }
}
