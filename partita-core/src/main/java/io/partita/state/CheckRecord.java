package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One check's verdict on one attempt of one partition, as stored.
 *
 * @param outcome {@code passed|warned|failed|skipped}
 * @param quarantine the relation holding the rows that failed to publish, when the check blocked it
 * @param sample a few offending rows as text (header line, then one line per row), when the check
 *     can point at rows
 * @param version the version of the asset the check judged ({@code v1}, {@code v2}, ...)
 */
public record CheckRecord(
    String runId,
    String asset,
    String partition,
    int attempt,
    String check,
    String severity,
    String outcome,
    Optional<Double> metric,
    String threshold,
    String message,
    Optional<String> quarantine,
    Optional<String> sample,
    Instant createdAt,
    String version) {
  public CheckRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(check, "check is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(metric, "metric is null");
    requireNonNull(quarantine, "quarantine is null");
    requireNonNull(sample, "sample is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(version, "version is null");
  }
}
