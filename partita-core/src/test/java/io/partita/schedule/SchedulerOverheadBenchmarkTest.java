package io.partita.schedule;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prints the scheduler's own cost per tick with 1,000 assets; asserts nothing about timings. */
class SchedulerOverheadBenchmarkTest {
  @TempDir Path dir;

  @Test
  void evaluatesOneThousandAssets() {
    StringBuilder yaml =
        new StringBuilder(
            """
            name: many
            partitions: {grain: day, start: 2025-01-01, timezone: UTC}
            schedule: {cron: "0 2 * * *", catchup: true, watermark_delay: 1d, lookback: 3}
            assets:
            """);
    for (int i = 0; i < 1000; i++) {
      yaml.append("  a").append(i).append(":\n    sql: models/a.sql\n    time_column: d\n");
    }
    ManualClock clock = ManualClock.at("2025-03-10T02:00:00Z");
    try (ScheduleProject project =
        new ScheduleProject(dir, clock, yaml.toString())
            .write("models/a.sql", "select {{ start }} as d\n")) {
      Scheduler scheduler = project.scheduler();
      project
          .state
          .schedule()
          .markScheduled(project.pipeline().assetNames(), "2025-03-08", "r0", clock.instant());
      for (int i = 0; i < 20; i++) {
        scheduler.evaluate(); // warm up
      }
      int ticks = 200;
      long start = System.nanoTime();
      for (int i = 0; i < ticks; i++) {
        scheduler.evaluate(); // nothing due: the steady-state cost of a tick
      }
      long idle = (System.nanoTime() - start) / ticks;
      clock.advance(Duration.ofDays(1));
      start = System.nanoTime();
      for (int i = 0; i < ticks; i++) {
        scheduler.evaluate(); // one partition due for 1,000 assets (plan only, no run)
      }
      long due = (System.nanoTime() - start) / ticks;
      System.out.printf(
          "scheduler overhead, 1000 assets: %.2f ms/tick when nothing is due, %.2f ms/tick when a partition is due%n",
          idle / 1e6, due / 1e6);
      // The first run the tick creates plans 1,000 assets; measure plan + create once as well.
      long created = System.nanoTime();
      io.partita.exec.RunManager runs = project.runs(java.time.Clock.systemUTC());
      ScheduledRun run = scheduler.evaluate().runs().get(0);
      io.partita.exec.BackfillRequest request =
          io.partita.exec.BackfillRequest.of(run.partitionSpec()).withAssets(run.assetSelection());
      runs.create(runs.plan(request), request);
      System.out.printf(
          "plan + create of the scheduled run (%d partitions x 1000 assets): %.1f ms%n",
          run.partitions().size(), (System.nanoTime() - created) / 1e6);
    }
  }
}
