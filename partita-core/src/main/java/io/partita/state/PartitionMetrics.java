package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * The metric values of one published partition, stored by {@link
 * CheckStore#putMetrics(java.util.List)}.
 */
public record PartitionMetrics(
    String asset, String partition, String runId, Map<String, Double> metrics, Instant at) {
  public PartitionMetrics {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(runId, "runId is null");
    metrics = Map.copyOf(metrics);
    requireNonNull(at, "at is null");
  }
}
