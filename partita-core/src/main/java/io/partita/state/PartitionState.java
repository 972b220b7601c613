package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The latest state of one (asset, partition) across all runs.
 *
 * @param rows rows in the partition after its last successful write
 * @param snapshotHash the definition snapshot of the last successful write
 */
public record PartitionState(
    String asset,
    String partition,
    PartitionStatus status,
    Optional<Long> rows,
    String runId,
    Optional<String> snapshotHash,
    Instant updatedAt) {
  public PartitionState {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(status, "status is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
