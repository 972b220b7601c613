package io.partita.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.exec.RunListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerLagTest {
  @TempDir Path dir;

  private ScheduleProject project(String now) {
    return new ScheduleProject(
            dir,
            ManualClock.at(now),
            SchedulerTest.config("{cron: \"0 2 * * *\", watermark_delay: 1h}"))
        .write("models/raw_events.sql", "select {{ start }} as event_date, 1 as amount\n")
        .write(
            "models/daily.sql",
            "select event_date, count(*) as events from {{ ref('raw_events') }}"
                + " where event_date >= {{ start }} and event_date < {{ end }} group by event_date\n");
  }

  @Test
  void lagCountsFromWhenTheNewestDuePartitionBecameDueUntilItIsMaterialized() {
    // Fired at 02:00 for 03-09 (due at 03-10 01:00, its end plus the 1h watermark); now 05:30.
    try (ScheduleProject project = project("2025-03-10T05:30:00Z")) {
      Instant now = project.clock.instant();

      assertThat(SchedulerLag.of(project.pipeline(), project.state.partitions(), now))
          .isEqualTo(Duration.ofMinutes(270));

      project.ticker().tick(RunListener.NONE);

      assertThat(SchedulerLag.of(project.pipeline(), project.state.partitions(), now))
          .isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void lagIsZeroRightAfterStartWhenNothingIsDueYetAndNotTheTimeSinceAnOldFiring() {
    // The pipeline starts 2025-02-01: at 2025-01-20 no partition is due, whatever cron fired.
    try (ScheduleProject project = project("2025-01-20T23:00:00Z")) {
      assertThat(
              SchedulerLag.of(
                  project.pipeline(), project.state.partitions(), project.clock.instant()))
          .isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void lagIsZeroWithoutASchedule() {
    try (ScheduleProject project = project("2025-03-10T05:30:00Z")) {
      project.write("partita.yaml", SchedulerTest.config("x").replace("schedule: x\n", ""));

      assertThat(project.pipeline().schedule()).isEmpty();
      assertThat(
              SchedulerLag.of(
                  project.pipeline(), project.state.partitions(), project.clock.instant()))
          .isEqualTo(Duration.ZERO);
    }
  }
}
