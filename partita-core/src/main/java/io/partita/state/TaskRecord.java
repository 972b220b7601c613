package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One (asset, partition) of a run as stored, with its latest attempt.
 *
 * @param attempts how many attempts have started
 * @param latest the latest attempt's times, rows and error
 */
public record TaskRecord(
    String runId,
    String asset,
    String partition,
    TaskStatus status,
    int attempts,
    LatestAttempt latest) {
  public TaskRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(status, "status is null");
    requireNonNull(latest, "latest is null");
  }

  public Optional<Instant> startedAt() {
    return latest.startedAt();
  }

  public Optional<Instant> finishedAt() {
    return latest.finishedAt();
  }

  public Optional<Long> rowsWritten() {
    return latest.rowsWritten();
  }

  public Optional<String> error() {
    return latest.error();
  }

  /** The same task in another status, with {@code error}; timings and rows unchanged. */
  public TaskRecord withStatus(TaskStatus next, Optional<String> why) {
    return with(
        next,
        new LatestAttempt(latest.startedAt(), latest.finishedAt(), latest.rowsWritten(), why));
  }

  /** The attempt ended at {@code at} without rows, in {@code next}, because of {@code why}. */
  public TaskRecord finished(TaskStatus next, Instant at, String why) {
    return ended(next, at, Optional.empty(), Optional.of(why));
  }

  /**
   * This attempt ended at {@code at} having written {@code rows} rows ({@code next}: staged or
   * succeeded).
   */
  public TaskRecord wrote(TaskStatus next, Instant at, long rows) {
    return ended(next, at, Optional.of(rows), Optional.empty());
  }

  private TaskRecord ended(TaskStatus next, Instant at, Optional<Long> rows, Optional<String> why) {
    return with(next, new LatestAttempt(latest.startedAt(), Optional.of(at), rows, why));
  }

  private TaskRecord with(TaskStatus next, LatestAttempt attempt) {
    return new TaskRecord(runId, asset, partition, next, attempts, attempt);
  }

  public static TaskRecord queued(String runId, String asset, String partition) {
    return new TaskRecord(runId, asset, partition, TaskStatus.QUEUED, 0, LatestAttempt.NONE);
  }
}
