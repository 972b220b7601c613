package io.partita.check;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * What a check found.
 *
 * @param metric the headline value compared with the threshold (e.g. a PSI, a null rate)
 * @param threshold the threshold in words, e.g. {@code <= 0.2} or {@code [0.5, 2.0] x trailing
 *     median 120}
 * @param message one line for humans: what was measured and why it passed or failed
 * @param metrics values to keep per partition for trailing baselines and dashboards, e.g. {@code
 *     row_count -> 1234}, {@code null_rate:amount -> 0.01}; stored when the partition is published
 * @param failingRowsSql a SELECT over the checked relation that returns offending rows, for the
 *     quarantine sample; empty when rows are not the point (e.g. drift)
 */
public record CheckResult(
    String check,
    Outcome outcome,
    Optional<Double> metric,
    String threshold,
    String message,
    Map<String, Double> metrics,
    Optional<String> failingRowsSql) {
  public CheckResult {
    requireNonNull(check, "check is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(metric, "metric is null");
    requireNonNull(threshold, "threshold is null");
    requireNonNull(message, "message is null");
    metrics = Map.copyOf(metrics);
    requireNonNull(failingRowsSql, "failingRowsSql is null");
  }
}
