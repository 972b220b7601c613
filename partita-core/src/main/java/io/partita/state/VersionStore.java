package io.partita.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Versions of assets and the partition states of versions that are not live. The {@code partitions}
 * store always describes the live version; {@link #swapLive} exchanges the two when the published
 * name switches to another version.
 */
public interface VersionStore {
  /** A physical version of an asset. */
  record AssetVersion(
      String asset,
      String version,
      Optional<String> snapshotHash,
      Optional<String> createdByRun,
      Instant createdAt) {}

  /** A promote, rollback or drop, kept for history. */
  record VersionEvent(
      String asset,
      String action,
      Optional<String> fromVersion,
      String toVersion,
      Attribution by,
      Optional<String> details,
      Instant at) {
    public String actor() {
      return by.actor();
    }

    public Optional<String> reason() {
      return by.reason();
    }
  }

  /** Records a version the first time a run writes it (idempotent). */
  void register(AssetVersion version);

  List<AssetVersion> list(String asset);

  /** Inserts or replaces the state of a partition of a version that is not live. */
  void putPartition(String version, PartitionState state);

  /** Partition states of a version that is not live, ascending by key. */
  List<PartitionState> partitions(String asset, String version);

  /**
   * In one transaction: the live states (partitions table) of {@code asset} become those of {@code
   * oldVersion}, and the states of {@code newVersion} become the live ones.
   */
  void swapLive(String asset, String oldVersion, String newVersion, VersionEvent event);

  /** Forgets a version that is not live and its partition states. */
  void drop(String asset, String version, VersionEvent event);

  /** History, oldest first. */
  List<VersionEvent> events(String asset);
}
