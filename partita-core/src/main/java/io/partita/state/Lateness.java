package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Lateness percentiles in seconds, relative to the partition end (0 for rows that arrived before
 * it); each empty when there are no rows.
 */
public record Lateness(
    Optional<Double> p50Seconds,
    Optional<Double> p95Seconds,
    Optional<Double> p99Seconds,
    Optional<Double> maxSeconds) {
  public static final Lateness NONE =
      new Lateness(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public Lateness {
    requireNonNull(p50Seconds, "p50Seconds is null");
    requireNonNull(p95Seconds, "p95Seconds is null");
    requireNonNull(p99Seconds, "p99Seconds is null");
    requireNonNull(maxSeconds, "maxSeconds is null");
  }
}
