package io.partita.publish;

import io.partita.engine.PublishRequest;
import io.partita.engine.StagedPartition;
import io.partita.model.PartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions an atomic run has staged and checked but not yet published, by asset. Thread-safe:
 * workers add, downstream tasks read.
 */
public final class StagedInRun {
  public record Entry(
      StagedPartition staged, PublishRequest publish, Map<String, Double> metrics) {}

  private final Map<String, Map<PartitionKey, Entry>> byAsset = new ConcurrentHashMap<>();

  public void add(String asset, PartitionKey partition, Entry entry) {
    byAsset.computeIfAbsent(asset, k -> new ConcurrentHashMap<>()).put(partition, entry);
  }

  public List<Entry> of(String asset) {
    return new ArrayList<>(byAsset.getOrDefault(asset, Map.of()).values());
  }

  public Optional<String> relation(String asset, PartitionKey partition) {
    Entry entry = byAsset.getOrDefault(asset, Map.of()).get(partition);
    return entry == null ? Optional.empty() : Optional.of(entry.staged().stagingRelation());
  }

  public List<Entry> all() {
    List<Entry> entries = new ArrayList<>();
    byAsset.values().forEach(map -> entries.addAll(map.values()));
    return entries;
  }

  public boolean isEmpty() {
    return byAsset.values().stream().allMatch(Map::isEmpty);
  }
}
