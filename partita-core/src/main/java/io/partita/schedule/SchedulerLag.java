package io.partita.schedule;

import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.ScheduleSpec;
import io.partita.model.PartitionKey;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.PartitionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler lag ({@code partita_scheduler_lag_seconds}): for each asset, the newest partition
 * due at the latest cron firing became due at its end plus {@code watermark_delay}; the lag is the
 * time since then while that partition is not materialized (succeeded), and 0 once it is. The gauge
 * is the largest lag over the assets; 0 without a schedule, before the first firing or while no
 * partition is due.
 */
public final class SchedulerLag {
  private SchedulerLag() {}

  /** The lag at {@code now}. */
  public static Duration of(Pipeline pipeline, PartitionStore partitions, Instant now) {
    return waitingSince(pipeline, partitions, now)
        .map(since -> Duration.between(since, now))
        .filter(lag -> !lag.isNegative())
        .orElse(Duration.ZERO);
  }

  /**
   * When the oldest-waiting newest due partition became due (the lag then grows with the clock
   * until the next evaluation); empty when every asset's newest due partition is materialized.
   */
  public static Optional<Instant> waitingSince(
      Pipeline pipeline, PartitionStore partitions, Instant now) {
    Optional<ScheduleSpec> schedule = pipeline.schedule();
    if (schedule.isEmpty()) {
      return Optional.empty();
    }
    ScheduleSpec spec = schedule.get();
    Optional<Instant> firing =
        new CronClock(spec.cron(), pipeline.partitions().timezone()).lastFiring(now);
    if (firing.isEmpty()) {
      return Optional.empty();
    }
    Instant oldest = null;
    for (AssetDefinition asset : pipeline.assets().values()) {
      Optional<PartitionKey> due =
          DuePartitions.newest(
              asset.grain(), pipeline.partitions(), spec.watermarkDelay(), firing.get());
      if (due.isEmpty() || materialized(partitions, asset.name(), due.get())) {
        continue;
      }
      Instant dueAt =
          DuePartitions.watermark(due.get(), spec.watermarkDelay())
              .atZone(pipeline.partitions().timezone())
              .toInstant();
      if (oldest == null || dueAt.isBefore(oldest)) {
        oldest = dueAt;
      }
    }
    return Optional.ofNullable(oldest);
  }

  private static boolean materialized(PartitionStore partitions, String asset, PartitionKey key) {
    List<PartitionState> states = partitions.list(asset, key.key(), key.key());
    return states.stream().anyMatch(state -> state.status() == PartitionStatus.SUCCEEDED);
  }
}
