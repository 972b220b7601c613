package io.partita.config;

import io.partita.PartitaException;
import io.partita.model.PartitionMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders assets so every asset comes after the assets it reads, and rejects cycles. {@code
 * depends_on_past} (a {@link PartitionMapping.Self} edge) reads earlier partitions of the same
 * asset and is not a cycle; any other edge from an asset to itself is.
 */
final class DependencyGraph {
  private DependencyGraph() {}

  /**
   * The assets in topological order. Stable: among assets whose upstreams are all placed, the one
   * declared first comes first.
   */
  static Map<String, AssetDefinition> sort(Map<String, AssetDefinition> declared) {
    Map<String, AssetDefinition> sorted = new LinkedHashMap<>();
    List<AssetDefinition> pending = new ArrayList<>(declared.values());
    while (!pending.isEmpty()) {
      AssetDefinition ready = null;
      for (AssetDefinition asset : pending) {
        if (upstreams(asset).stream().allMatch(sorted::containsKey)) {
          ready = asset;
          break;
        }
      }
      if (ready == null) {
        throw cycleError(declared, pending);
      }
      sorted.put(ready.name(), ready);
      pending.remove(ready);
    }
    return sorted;
  }

  private static List<String> upstreams(AssetDefinition asset) {
    List<String> result = new ArrayList<>();
    for (Dependency dependency : asset.dependencies()) {
      if (!(dependency.mapping() instanceof PartitionMapping.Self)) {
        result.add(dependency.asset());
      }
    }
    return result;
  }

  /** Walks upstream edges from a stuck asset until a name repeats: that loop is a cycle. */
  private static PartitaException cycleError(
      Map<String, AssetDefinition> declared, List<AssetDefinition> pending) {
    Set<String> stuck = new HashSet<>();
    pending.forEach(asset -> stuck.add(asset.name()));
    List<String> path = new ArrayList<>();
    String current = pending.get(0).name();
    while (!path.contains(current)) {
      path.add(current);
      current =
          upstreams(declared.get(current)).stream()
              .filter(stuck::contains)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("stuck asset without stuck upstream"));
    }
    // path walks downstream -> upstream; the cycle starts at the first occurrence of current.
    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
    Collections.reverse(cycle);
    // Start the printed loop at the asset declared first, so the message is stable.
    List<String> order = new ArrayList<>(declared.keySet());
    String first = cycle.stream().min(Comparator.comparingInt(order::indexOf)).orElseThrow();
    Collections.rotate(cycle, -cycle.indexOf(first));
    cycle.add(cycle.get(0));
    List<String> edges = new ArrayList<>();
    for (int i = 0; i + 1 < cycle.size(); i++) {
      String upstream = cycle.get(i);
      String downstream = cycle.get(i + 1);
      for (Dependency dependency : declared.get(downstream).dependencies()) {
        if (dependency.asset().equals(upstream)
            && !(dependency.mapping() instanceof PartitionMapping.Self)) {
          edges.add(downstream + " reads " + upstream + " via " + dependency.reason());
          break;
        }
      }
    }
    return PartitaException.user(
        "%s",
        "Dependency cycle: "
            + String.join(" -> ", cycle)
            + " (fix depends_on or ref() in: "
            + String.join("; ", edges)
            + ")");
  }
}
