package io.partita.publish;

import io.partita.config.Pipeline;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import io.partita.state.VersionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The versions of an asset as {@code partita versions} lists them, from the state store alone given
 * which version is live. Reading it needs no warehouse, so the dashboard can answer while a
 * backfill in another process holds the DuckDB file.
 */
public final class VersionListing {
  private static final Set<String> SWITCHES = Set.of("promote", "rollback");

  private final Pipeline pipeline;
  private final StateStore state;

  public VersionListing(Pipeline pipeline, StateStore state) {
    this.pipeline = pipeline;
    this.state = state;
  }

  /**
   * The live version as the state store recorded it: the target of the last promote or rollback,
   * otherwise the first version a run registered (its first publish created the published view).
   * The warehouse's view is the truth ({@code Engine.liveVersion}); this is what to show when the
   * warehouse cannot be read without taking it from a writer.
   */
  public static Optional<String> recordedLive(StateStore state, String asset) {
    List<VersionStore.VersionEvent> events = state.versions().events(asset);
    for (int i = events.size() - 1; i >= 0; i--) {
      if (SWITCHES.contains(events.get(i).action())) {
        return Optional.of(events.get(i).toVersion());
      }
    }
    return state.versions().list(asset).stream()
        .min(Comparator.comparing(VersionStore.AssetVersion::createdAt))
        .map(VersionStore.AssetVersion::version);
  }

  /** Every version of {@code asset}, oldest first, with {@code live} marked. */
  public List<VersionManager.VersionInfo> list(String asset, Optional<String> live) {
    pipeline.asset(asset);
    List<VersionStore.AssetVersion> registered = state.versions().list(asset);
    TreeSet<String> names = new TreeSet<>(VersionListing::byNumber);
    registered.forEach(v -> names.add(v.version()));
    live.ifPresent(names::add);
    Set<String> liveFilled = filled(partitions(asset, live.orElse(""), live));
    Staleness staleness = new Staleness(pipeline, state);
    List<VersionManager.VersionInfo> result = new ArrayList<>();
    for (String version : names) {
      List<PartitionState> partitions = partitions(asset, version, live);
      Set<String> filled = filled(partitions);
      int missing = (int) liveFilled.stream().filter(key -> !filled.contains(key)).count();
      int failing =
          (int)
              partitions.stream().filter(p -> p.status() == PartitionStatus.FAILED_CHECKS).count();
      int stale = (int) partitions.stream().filter(staleness::isStale).count();
      Optional<VersionStore.AssetVersion> record =
          registered.stream().filter(v -> v.version().equals(version)).findFirst();
      result.add(
          new VersionManager.VersionInfo(
              version,
              live.map(version::equals).orElse(false),
              record.flatMap(VersionStore.AssetVersion::snapshotHash),
              record.flatMap(VersionStore.AssetVersion::createdByRun),
              new VersionManager.PartitionCounts(filled.size(), missing, failing, stale)));
    }
    return result;
  }

  private List<PartitionState> partitions(String asset, String version, Optional<String> live) {
    return live.map(version::equals).orElse(false)
        ? state.partitions().list(asset)
        : state.versions().partitions(asset, version);
  }

  private static Set<String> filled(List<PartitionState> partitions) {
    return partitions.stream()
        .filter(p -> p.status() == PartitionStatus.SUCCEEDED)
        .map(PartitionState::partition)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static int byNumber(String a, String b) {
    try {
      return Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1)));
    } catch (RuntimeException e) {
      return a.compareTo(b);
    }
  }
}
