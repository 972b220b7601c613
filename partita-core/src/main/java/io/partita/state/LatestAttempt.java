package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * When a task's latest attempt started and ended, the rows it wrote and why it failed or was
 * skipped; all empty before the first attempt.
 */
public record LatestAttempt(
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<Long> rowsWritten,
    Optional<String> error) {
  /** No attempt yet. */
  public static final LatestAttempt NONE =
      new LatestAttempt(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public LatestAttempt {
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(rowsWritten, "rowsWritten is null");
    requireNonNull(error, "error is null");
  }

  /** An attempt that started at {@code at} and has not ended. */
  public static LatestAttempt startedAt(Instant at) {
    return new LatestAttempt(Optional.of(at), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
