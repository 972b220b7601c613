package io.partita.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation of the schedule: the runs to create, oldest first, and notices for the user (a
 * refused catchup names the backfill command for the rest).
 *
 * @param firing the cron firing the evaluation is for; empty before the cron first fires
 */
public record TickPlan(
    Instant now,
    Optional<Instant> firing,
    boolean paused,
    List<ScheduledRun> runs,
    List<String> notices) {
  public TickPlan {
    requireNonNull(now, "now is null");
    requireNonNull(firing, "firing is null");
    runs = List.copyOf(runs);
    notices = List.copyOf(notices);
  }
}
