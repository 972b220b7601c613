package io.partita.publish;

import io.partita.config.AssetFingerprints;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.Snapshot;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which partitions are stale: written by a snapshot in which the asset's fingerprint (its
 * definition and its upstream's) differs from the current pipeline's.
 */
public final class Staleness {
  private final Path projectDir;
  private final StateStore state;
  private final Map<String, String> current;
  private final Map<String, Map<String, String>> bySnapshot = new HashMap<>();

  public Staleness(Pipeline pipeline, StateStore state) {
    this.projectDir = pipeline.projectDir();
    this.state = state;
    this.current = AssetFingerprints.of(pipeline);
  }

  public boolean isStale(PartitionState partition) {
    if (partition.status() != PartitionStatus.SUCCEEDED || partition.snapshotHash().isEmpty()) {
      return false;
    }
    Map<String, String> then =
        bySnapshot.computeIfAbsent(partition.snapshotHash().get(), this::fingerprints);
    String was = then.get(partition.asset());
    return was == null || !was.equals(current.get(partition.asset()));
  }

  /** The stale partitions of {@code asset}, ascending. */
  public List<String> stalePartitions(String asset) {
    return state.partitions().list(asset).stream()
        .filter(this::isStale)
        .map(PartitionState::partition)
        .toList();
  }

  private Map<String, String> fingerprints(String snapshotHash) {
    Optional<Snapshot> snapshot = state.snapshots().find(snapshotHash);
    if (snapshot.isEmpty()) {
      return Map.of();
    }
    try {
      return AssetFingerprints.of(PipelineLoader.load(projectDir, snapshot.get().files()));
    } catch (RuntimeException e) {
      return Map.of(); // an old snapshot that no longer loads: everything it wrote is stale
    }
  }
}
