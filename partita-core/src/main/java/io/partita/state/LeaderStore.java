package io.partita.state;

import java.time.Instant;
import java.util.Optional;

/**
 * Leases that let exactly one of several processes lead something (the scheduler of {@code partita
 * serve}): the holder renews its lease before it expires; when the holder dies, the lease expires
 * and another process takes it. Every method is atomic.
 */
public interface LeaderStore {
  /** The current holder of a lease. */
  record Leader(String name, String holder, Instant acquiredAt, Instant expiresAt) {}

  /**
   * Takes or renews the lease {@code name} for {@code holder} until {@code expiresAt}, if nobody
   * else holds it unexpired at {@code now}.
   *
   * @return true when {@code holder} leads now
   */
  boolean acquire(String name, String holder, Instant now, Instant expiresAt);

  /** Gives the lease up if {@code holder} holds it, so another process takes over at once. */
  void release(String name, String holder);

  Optional<Leader> find(String name);
}
