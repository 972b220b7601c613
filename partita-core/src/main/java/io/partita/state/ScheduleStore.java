package io.partita.state;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * What the scheduler remembers between evaluations: the newest partition it scheduled per asset,
 * and whether the schedule is paused. Every method is atomic.
 */
public interface ScheduleStore {
  /** The newest partition key scheduled per asset; assets never scheduled are absent. */
  Map<String, String> lastScheduled();

  /** Records that {@code partition} (the newest) of every asset was scheduled by {@code runId}. */
  void markScheduled(Collection<String> assets, String partition, String runId, Instant at);

  boolean isPaused();

  /** Pauses or resumes the schedule; backfills are not affected. */
  void setPaused(boolean paused, Instant at);
}
