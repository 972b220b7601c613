package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.config.Dependency;
import io.partita.config.Pipeline;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionMapping;
import io.partita.model.PartitionSet;
import io.partita.plan.Planner;
import io.partita.publish.Staleness;
import io.partita.state.StateStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Cell selections ("asset key" strings) for {@code --stale} and {@code --downstream}. */
final class Cells {
  private Cells() {}

  static Set<String> grid(List<String> assets, PartitionSet partitions) {
    Set<String> cells = new LinkedHashSet<>();
    for (PartitionKey key : partitions.keys()) {
      for (String asset : assets) {
        cells.add(asset + " " + key.key());
      }
    }
    return cells;
  }

  static Set<String> stale(
      Pipeline pipeline, StateStore state, List<String> assets, Optional<PartitionSet> within) {
    Staleness staleness = new Staleness(pipeline, state);
    Set<String> keys =
        within
            .map(
                set -> {
                  Set<String> wanted = new java.util.HashSet<>();
                  set.keys().forEach(k -> wanted.add(k.key()));
                  return wanted;
                })
            .orElse(null);
    Set<String> cells = new LinkedHashSet<>();
    for (String asset : assets) {
      for (String partition : staleness.stalePartitions(asset)) {
        if (keys == null || keys.contains(partition)) {
          cells.add(asset + " " + partition);
        }
      }
    }
    return cells;
  }

  /**
   * Adds, transitively, every partition of a downstream asset whose dependency window reads one of
   * the cells: with {@code window: [-2, 0]}, fixing day D adds D, D+1 and D+2 downstream.
   */
  static Set<String> withDownstream(Pipeline pipeline, Planner planner, Set<String> start) {
    Set<String> cells = new LinkedHashSet<>(start);
    Deque<String> queue = new ArrayDeque<>(start);
    while (!queue.isEmpty()) {
      String cell = queue.poll();
      int space = cell.indexOf(' ');
      String upstream = cell.substring(0, space);
      PartitionKey key = pipeline.asset(upstream).grain().parseKey(cell.substring(space + 1));
      for (String name : pipeline.directDownstream(upstream)) {
        AssetDefinition downstream = pipeline.asset(name);
        for (Dependency dependency : downstream.dependencies()) {
          if (!dependency.asset().equals(upstream)
              || dependency.mapping() instanceof PartitionMapping.Self) {
            continue;
          }
          for (PartitionKey candidate : readers(dependency, key, downstream.grain())) {
            if (planner.upstreamKeys(dependency, candidate).contains(key)
                && cells.add(name + " " + candidate.key())) {
              queue.add(name + " " + candidate.key());
            }
          }
        }
      }
    }
    return cells;
  }

  /**
   * Downstream partitions that may read {@code key}: a generous neighbourhood, filtered by the
   * caller.
   */
  private static List<PartitionKey> readers(Dependency dependency, PartitionKey key, Grain grain) {
    PartitionKey around = PartitionKey.containing(grain, key.start());
    int reach = 1;
    if (dependency.mapping() instanceof PartitionMapping.Window window) {
      reach = Math.max(Math.abs(window.from()), Math.abs(window.to())) + 1;
    }
    List<PartitionKey> keys = new ArrayList<>();
    for (int offset = -reach; offset <= reach; offset++) {
      keys.add(around.plus(offset));
    }
    return keys;
  }

  static List<String> assets(Pipeline pipeline, Set<String> cells) {
    Set<String> names = new java.util.HashSet<>();
    cells.forEach(cell -> names.add(cell.substring(0, cell.indexOf(' '))));
    return pipeline.assetNames().stream().filter(names::contains).toList();
  }

  /** The range from the earliest to the latest key of the cells. */
  static PartitionSet covering(Set<String> cells, Grain grain) {
    TreeSet<PartitionKey> keys = new TreeSet<>();
    cells.forEach(cell -> keys.add(grain.parseKey(cell.substring(cell.indexOf(' ') + 1))));
    if (keys.isEmpty()) {
      throw io.partita.PartitaException.user(
          "Nothing is stale in the selection: every partition was written by the"
              + " current definition of its asset");
    }
    return PartitionSet.range(keys.first(), keys.last());
  }
}
