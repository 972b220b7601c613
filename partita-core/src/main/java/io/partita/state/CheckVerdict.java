package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One check's verdict as stored.
 *
 * @param outcome {@code passed|warned|failed|skipped}
 */
public record CheckVerdict(
    String check,
    String severity,
    String outcome,
    Optional<Double> metric,
    String threshold,
    String message) {
  public CheckVerdict {
    requireNonNull(check, "check is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(metric, "metric is null");
  }
}
