package io.partita.config;

import io.partita.PartitaException;
import io.partita.model.PartitionMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Parses an asset's {@code depends_on} and {@code depends_on_past}, and checks upstream names. */
final class DependsOnParser {
  /** How far a depends_on window may reach, in partitions, either way. */
  static final int MAX_WINDOW_OFFSET = 10_000;

  private final YamlNodes yaml;
  private final Set<String> assetNames;

  DependsOnParser(YamlNodes yaml, Set<String> assetNames) {
    this.yaml = yaml;
    this.assetNames = assetNames;
  }

  /**
   * depends_on entries first (they carry the mapping), then ref()-only edges, then depends_on_past.
   */
  List<Dependency> parse(
      String name, Map<String, Node> entries, Map<String, Node> keys, List<Dependency> refs) {
    Map<String, Dependency> byUpstream = new LinkedHashMap<>();
    if (entries.containsKey("depends_on")) {
      for (Node item : yaml.sequence(entries.get("depends_on"), "depends_on", "[staging_events]")) {
        Dependency dependency = dependsOn(item);
        if (byUpstream.put(dependency.asset(), dependency) != null) {
          throw yaml.error(
              item,
              "asset '"
                  + name
                  + "' lists '"
                  + dependency.asset()
                  + "' twice in depends_on: keep one entry");
        }
      }
    }
    for (Dependency ref : refs) {
      byUpstream.putIfAbsent(ref.asset(), ref);
    }
    List<Dependency> result = new ArrayList<>(byUpstream.values());
    Node pastNode = entries.get("depends_on_past");
    if (pastNode != null && yaml.bool(pastNode, "depends_on_past")) {
      result.add(
          new Dependency(
              name,
              new PartitionMapping.Self(),
              "depends_on_past at " + yaml.location(keys.get("depends_on_past"))));
    }
    return result;
  }

  private Dependency dependsOn(Node item) {
    String reason = "depends_on at " + yaml.location(item);
    if (!(item instanceof MappingNode)) {
      String upstream = yaml.string(item, "depends_on item");
      checkKnown(upstream, yaml.location(item).toString(), "depends_on");
      return new Dependency(upstream, new PartitionMapping.Identity(), reason);
    }
    Map<String, Node> entries =
        yaml.mapping(item, "depends_on item", List.of("asset", "window", "mapping"));
    Node assetNode = entries.get("asset");
    if (assetNode == null) {
      throw yaml.error(item, "depends_on item has no asset: write {asset: NAME, window: [-2, 0]}");
    }
    String upstream = yaml.string(assetNode, "asset");
    checkKnown(upstream, yaml.location(assetNode).toString(), "depends_on");
    Node windowNode = entries.get("window");
    Node mappingNode = entries.get("mapping");
    if (windowNode != null && mappingNode != null) {
      throw yaml.error(item, "depends_on item has both window: and mapping:; keep only one");
    }
    if (windowNode != null) {
      List<Node> bounds = yaml.sequence(windowNode, "window", "[-2, 0]");
      if (bounds.size() != 2) {
        throw yaml.error(windowNode, "window must have two offsets [from, to], e.g. [-2, 0]");
      }
      int from = windowOffset(bounds.get(0));
      int to = windowOffset(bounds.get(1));
      if (from > to) {
        throw yaml.error(
            windowNode,
            "window [" + from + ", " + to + "] is reversed: write [" + to + ", " + from + "]");
      }
      return new Dependency(upstream, new PartitionMapping.Window(from, to), reason);
    }
    if (mappingNode != null) {
      String mapping = yaml.string(mappingNode, "mapping");
      return switch (mapping) {
        case "all" -> new Dependency(upstream, new PartitionMapping.All(), reason);
        case "identity" -> new Dependency(upstream, new PartitionMapping.Identity(), reason);
        default ->
            throw yaml.error(
                mappingNode,
                "unknown mapping '"
                    + mapping
                    + "'"
                    + Names.didYouMean(mapping, List.of("all", "identity"))
                    + ": use all or identity, or window: [a, b]");
      };
    }
    return new Dependency(upstream, new PartitionMapping.Identity(), reason);
  }

  /**
   * One offset of a window, at most {@link #MAX_WINDOW_OFFSET} partitions away: the planner walks
   * every partition of a window, so [-2147483648, 2147483647] would walk billions of them.
   */
  private int windowOffset(Node node) {
    int offset = yaml.integer(node, "window", Integer.MIN_VALUE);
    if (Math.abs((long) offset) > MAX_WINDOW_OFFSET) {
      throw yaml.error(
          node,
          "window offset "
              + offset
              + " is beyond the limit of "
              + MAX_WINDOW_OFFSET
              + " partitions either way: use an offset between -"
              + MAX_WINDOW_OFFSET
              + " and "
              + MAX_WINDOW_OFFSET
              + ", or mapping: all to read every partition");
    }
    return offset;
  }

  void checkKnown(String upstream, String where, String what) {
    if (!assetNames.contains(upstream)) {
      throw PartitaException.user(
          "%s",
          where
              + ": "
              + what
              + " refers to unknown asset '"
              + upstream
              + "'"
              + Names.didYouMean(upstream, assetNames)
              + "; assets in partita.yaml: "
              + String.join(", ", assetNames));
    }
  }
}
