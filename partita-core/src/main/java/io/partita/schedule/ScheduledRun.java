package io.partita.schedule;

import static java.util.Objects.requireNonNull;

import io.partita.model.PartitionKey;
import io.partita.state.RunKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A run the scheduler decided to create: the assets of one grain and their partitions, oldest
 * first. The newest partition is the one that became due; a SCHEDULED run also holds its lookback.
 */
public record ScheduledRun(RunKind kind, List<String> assets, List<PartitionKey> partitions) {
  public ScheduledRun {
    requireNonNull(kind, "kind is null");
    assets = List.copyOf(assets);
    partitions = List.copyOf(partitions);
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("a scheduled run needs at least one partition");
    }
  }

  /** The partition that became due. */
  public PartitionKey due() {
    return partitions.get(partitions.size() - 1);
  }

  /** Partitions as a backfill spec: {@code A..B} when contiguous, else {@code A,B,C}. */
  public String partitionSpec() {
    PartitionKey first = partitions.get(0);
    boolean contiguous = first.plus(partitions.size() - 1).equals(due());
    if (partitions.size() == 1) {
      return first.key();
    }
    if (contiguous) {
      return first.key() + ".." + due().key();
    }
    return partitions.stream().map(PartitionKey::key).collect(Collectors.joining(","));
  }

  public String assetSelection() {
    return String.join(",", assets);
  }
}
