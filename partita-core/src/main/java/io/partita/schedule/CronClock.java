package io.partita.schedule;

import com.cronutils.model.time.ExecutionTime;
import io.partita.config.CronExpressions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** When {@code schedule.cron} fires, in the pipeline's timezone. Thread-safe. */
final class CronClock {
  private final ExecutionTime times;
  private final ZoneId zone;

  CronClock(String cron, ZoneId zone) {
    this.times = ExecutionTime.forCron(CronExpressions.parse(cron));
    this.zone = zone;
  }

  /** The latest firing at or before {@code now}; empty if the cron never fired before. */
  Optional<Instant> lastFiring(Instant now) {
    ZonedDateTime at = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
    // lastExecution is strictly before its argument: a tick exactly on the firing minute counts.
    if (times.isMatch(at)) {
      return Optional.of(at.toInstant());
    }
    return times.lastExecution(at).map(ZonedDateTime::toInstant);
  }

  /** The first firing strictly after {@code now}. */
  Optional<Instant> nextFiring(Instant now) {
    return times.nextExecution(now.atZone(zone)).map(ZonedDateTime::toInstant);
  }
}
