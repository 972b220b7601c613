package io.partita.plan;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.Dependency;
import io.partita.config.Pipeline;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses an asset selection: comma-separated names, {@code features+} adds everything downstream,
 * {@code +features} everything upstream, {@code +features+} both. Empty selects all assets.
 */
public final class AssetSelection {
  private AssetSelection() {}

  /** The selected assets in the pipeline's topological order. */
  public static List<String> resolve(String spec, Pipeline pipeline) {
    if (spec == null || spec.isBlank()) {
      return pipeline.assetNames();
    }
    Set<String> selected = new LinkedHashSet<>();
    for (String raw : spec.split(",")) {
      String term = raw.strip();
      if (term.isEmpty()) {
        throw PartitaException.user("Malformed --assets '%s': an element is empty", spec);
      }
      boolean upstream = term.startsWith("+");
      boolean downstream = term.endsWith("+") && term.length() > 1;
      String name = term.substring(upstream ? 1 : 0, term.length() - (downstream ? 1 : 0));
      pipeline.asset(name); // throws with a did-you-mean when unknown
      selected.add(name);
      if (upstream) {
        selected.addAll(closure(name, pipeline, true));
      }
      if (downstream) {
        selected.addAll(closure(name, pipeline, false));
      }
    }
    return pipeline.assetNames().stream().filter(selected::contains).toList();
  }

  private static Set<String> closure(String start, Pipeline pipeline, boolean upstream) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String current = queue.poll();
      List<String> next =
          upstream
              ? pipeline.asset(current).dependencies().stream().map(Dependency::asset).toList()
              : pipeline.directDownstream(current);
      for (String name : next) {
        if (seen.add(name)) {
          queue.add(name);
        }
      }
    }
    return seen;
  }

  /**
   * Topological level of every asset: 0 for assets without upstream, else 1 + the deepest upstream.
   */
  static java.util.Map<String, Integer> levels(Pipeline pipeline) {
    java.util.Map<String, Integer> levels = new java.util.HashMap<>();
    for (AssetDefinition asset : pipeline.assets().values()) {
      int level = 0;
      for (Dependency dependency : asset.dependencies()) {
        if (!dependency.asset().equals(asset.name())) {
          level = Math.max(level, levels.get(dependency.asset()) + 1);
        }
      }
      levels.put(asset.name(), level);
    }
    return levels;
  }
}
