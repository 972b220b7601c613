package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A task of a running run that a worker executes now; the claim counts against the limits until it
 * is released.
 *
 * @param pool the global pool the task holds a slot of, if its asset names one
 */
public record TaskClaim(
    String runId,
    String asset,
    String partition,
    String worker,
    Optional<String> pool,
    Instant claimedAt) {
  public TaskClaim {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(worker, "worker is null");
    requireNonNull(pool, "pool is null");
    requireNonNull(claimedAt, "claimedAt is null");
  }
}
