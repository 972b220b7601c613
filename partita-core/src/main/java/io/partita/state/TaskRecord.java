package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One (asset, partition) of a run as stored, with its latest attempt. */
public record TaskRecord(
    String runId,
    String asset,
    String partition,
    TaskStatus status,
    int attempts,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<Long> rowsWritten,
    Optional<String> error) {
  public TaskRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(status, "status is null");
  }

  public static TaskRecord queued(String runId, String asset, String partition) {
    return new TaskRecord(runId, asset, partition, TaskStatus.QUEUED, 0,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
