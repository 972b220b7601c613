package io.partita.plan;

import io.partita.model.PartitionKey;

/**
 * One task of a plan. {@code upstream} holds the ids of the tasks in the same plan it waits for;
 * {@code upstreamDependency[i]} is the index, in the asset's dependency list, of the edge that
 * created {@code upstream[i]} (for the reason shown by {@code plan}).
 */
public record TaskNode(
    int id,
    String asset,
    PartitionKey partition,
    int level,
    int[] upstream,
    int[] upstreamDependency) {}
