package io.partita.exec;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The owner's proof of life: every {@code heartbeatInterval} the run's heartbeat is written under
 * this process's owner id. A refused heartbeat means another process took the run over.
 */
final class OwnerHeartbeat {
  private OwnerHeartbeat() {}

  /**
   * Schedules the heartbeat on {@code timers}; sets {@code lostOwnership} once the store says the
   * run belongs to another owner. Cancel the returned future when the run ends here.
   */
  static ScheduledFuture<?> start(
      ScheduledExecutorService timers, RunContext context, AtomicBoolean lostOwnership) {
    long interval = context.settings().heartbeatInterval().toMillis();
    return timers.scheduleAtFixedRate(
        () -> beat(context, lostOwnership), interval, interval, TimeUnit.MILLISECONDS);
  }

  private static void beat(RunContext context, AtomicBoolean lostOwnership) {
    try {
      if (!context
          .state()
          .runs()
          .heartbeat(context.run().id(), context.owner(), context.clock().instant())) {
        lostOwnership.set(true);
      }
    } catch (RuntimeException e) {
      // A busy state store delays one heartbeat; the next one retries. Staleness takes many misses.
    }
  }
}
