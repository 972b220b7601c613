package io.partita.plan;

import static java.util.Objects.requireNonNull;

import io.partita.model.PartitionSet;
import java.util.List;

/**
 * What to plan: the selected assets (topological order), the partitions, which of them to reprocess
 * and in which order to start them.
 */
public record PlanRequest(
    List<String> assets, PartitionSet partitions, Reprocess reprocess, Order order) {
  public PlanRequest {
    assets = List.copyOf(assets);
    requireNonNull(partitions, "partitions is null");
    requireNonNull(reprocess, "reprocess is null");
    requireNonNull(order, "order is null");
  }
}
