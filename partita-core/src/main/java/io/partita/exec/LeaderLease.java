package io.partita.exec;

import io.partita.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leadership of one of several processes sharing a state store (the scheduler of {@code partita
 * serve}): a lease row that the leader renews three times per {@code ttl}; when the leader dies,
 * the lease expires and the next process to try takes it. Thread-safe.
 */
public final class LeaderLease {
  /** The lease that decides which {@code partita serve} ticks the schedule. */
  public static final String SCHEDULER = "scheduler";

  private final StateStore state;
  private final String name;
  private final String holder;
  private final Clock clock;
  private final Duration ttl;
  private final AtomicBoolean leading = new AtomicBoolean();

  public LeaderLease(StateStore state, String name, String holder, Clock clock, Duration ttl) {
    this.state = state;
    this.name = name;
    this.holder = holder;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Tries to take or renew the lease now; true when this process leads. */
  public boolean renew() {
    Instant now = clock.instant();
    try {
      leading.set(state.leaders().acquire(name, holder, now, now.plus(ttl)));
    } catch (RuntimeException e) {
      // Unsure whether the renewal committed: stop leading; the lease is ours again next time.
      leading.set(false);
    }
    return leading.get();
  }

  /** Renews the lease every third of its time to live on {@code timers}; cancel to stop. */
  public ScheduledFuture<?> keepRenewing(ScheduledExecutorService timers) {
    long every = Math.max(1, ttl.toMillis() / 3);
    return timers.scheduleAtFixedRate(this::renew, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Whether this process led at the last renewal. */
  public boolean leads() {
    return leading.get();
  }

  /** The process that leads now, if any lease is unexpired. */
  public java.util.Optional<String> leader() {
    return state
        .leaders()
        .find(name)
        .filter(lease -> lease.expiresAt().isAfter(clock.instant()))
        .map(lease -> lease.holder());
  }

  /** Gives the lease up so another process takes over at once. */
  public void release() {
    leading.set(false);
    state.leaders().release(name, holder);
  }
}
