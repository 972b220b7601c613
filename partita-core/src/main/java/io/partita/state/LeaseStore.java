package io.partita.state;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Partition leases: two runs never write the same (asset, version, partition) at once. A lease is
 * live while its run is QUEUED or PAUSED, or RUNNING with a heartbeat at or after {@code
 * staleBefore}; a dead run's leases can be taken over. An INTERRUPTED run holds nothing: callers
 * record a run whose owner is a dead process on this host as interrupted before acquiring (see
 * {@code io.partita.exec.DeadRuns}), so only owners on other hosts wait for {@code staleBefore}.
 */
public interface LeaseStore {
  /**
   * Takes every key for {@code runId} in one transaction, or none of them.
   *
   * @return empty on success, otherwise the id of a live run that holds one of the keys
   */
  Optional<String> acquire(String runId, Collection<LeaseKey> keys, Instant staleBefore);

  /** Drops every lease of the run. */
  void release(String runId);
}
