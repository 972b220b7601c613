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

  /** The same task in another status, with {@code error}; timings and rows unchanged. */
  public TaskRecord withStatus(TaskStatus next, Optional<String> why) {
    return new TaskRecord(
        runId, asset, partition, next, attempts, startedAt, finishedAt, rowsWritten, why);
  }

  /** The attempt ended at {@code at} without rows, in {@code next}, because of {@code why}. */
  public TaskRecord finished(TaskStatus next, Instant at, String why) {
    return new TaskRecord(
        runId,
        asset,
        partition,
        next,
        attempts,
        startedAt,
        Optional.of(at),
        Optional.empty(),
        Optional.of(why));
  }

  /**
   * This attempt ended at {@code at} having written {@code rows} rows ({@code next}: staged or
   * succeeded).
   */
  public TaskRecord wrote(TaskStatus next, Instant at, long rows) {
    return new TaskRecord(
        runId,
        asset,
        partition,
        next,
        attempts,
        startedAt,
        Optional.of(at),
        Optional.of(rows),
        Optional.empty());
  }

  public static TaskRecord queued(String runId, String asset, String partition) {
    return new TaskRecord(
        runId,
        asset,
        partition,
        TaskStatus.QUEUED,
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
