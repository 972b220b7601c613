package io.partita.plan;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.Dependency;
import io.partita.config.Pipeline;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionMapping;
import io.partita.model.PartitionSet;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a selection of assets and partitions into a {@link Plan}: one task per (asset,
 * partition), edges from the dependency mappings, in start order. Upstream partitions outside the
 * run must already be materialized; otherwise planning fails with a USER error that lists them.
 */
public final class Planner {
  private static final int MAX_LISTED = 8;

  private final Pipeline pipeline;
  private final Map<String, Integer> levels;

  public Planner(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.levels = AssetSelection.levels(pipeline);
  }

  /** The grain the user's partition keys are written in for these assets. */
  public Grain grainOf(List<String> assets) {
    if (assets.isEmpty()) {
      throw PartitaException.user("No assets selected");
    }
    Grain grain = pipeline.asset(assets.get(0)).grain();
    for (String name : assets) {
      Grain other = pipeline.asset(name).grain();
      if (other != grain) {
        throw PartitaException.user(
            "Assets '%s' (%s) and '%s' (%s) have different grains: backfill them with separate --assets selections",
            assets.get(0), grain.lowerName(), name, other.lowerName());
      }
    }
    return grain;
  }

  /** Which (asset, partition) cells of the selection become tasks. */
  public interface TaskFilter {
    boolean include(String asset, PartitionKey partition);
  }

  public Plan plan(PlanRequest request, PartitionStates states) {
    return plan(request, states, (asset, key) -> wanted(request.reprocess(), asset, key, states));
  }

  /**
   * Plans exactly the cells {@code include} accepts; the rest count as outside the run. Used to
   * rebuild the graph of a stored run on resume.
   */
  public Plan plan(PlanRequest request, PartitionStates states, TaskFilter include) {
    List<String> assets = orderByLevel(request.assets());
    Grain grain = grainOf(assets);
    List<PartitionKey> keys = request.partitions().keys();
    checkBounds(keys, request.partitions());
    Positions positions = Positions.of(request.partitions());
    int partitionCount = keys.size();
    int assetCount = assets.size();

    // grid[p * assetCount + a] = task id, or -1 when --reprocess leaves it out.
    int[] grid = new int[Math.multiplyExact(partitionCount, assetCount)];
    List<int[]> cells = new ArrayList<>();
    int skipped = 0;
    for (int step = 0; step < partitionCount; step++) {
      int p = request.order() == Order.ASC ? step : partitionCount - 1 - step;
      PartitionKey key = keys.get(p);
      for (int a = 0; a < assetCount; a++) {
        if (include.include(assets.get(a), key)) {
          grid[p * assetCount + a] = cells.size();
          cells.add(new int[] {p, a});
        } else {
          grid[p * assetCount + a] = -1;
          skipped++;
        }
      }
    }

    Map<String, Integer> assetIndex = new HashMap<>();
    for (int a = 0; a < assetCount; a++) {
      assetIndex.put(assets.get(a), a);
    }
    Missing missing = new Missing();
    List<TaskNode> tasks = new ArrayList<>(cells.size());
    int[] upstreamBuffer = new int[16];
    int[] reasonBuffer = new int[16];
    for (int id = 0; id < cells.size(); id++) {
      int p = cells.get(id)[0];
      String asset = assets.get(cells.get(id)[1]);
      PartitionKey key = keys.get(p);
      AssetDefinition definition = pipeline.asset(asset);
      int count = 0;
      List<Dependency> dependencies = definition.dependencies();
      for (int d = 0; d < dependencies.size(); d++) {
        Dependency dependency = dependencies.get(d);
        Integer upstreamAsset = assetIndex.get(dependency.asset());
        for (PartitionKey upstreamKey : upstreamKeys(dependency, key)) {
          int upstreamId = -1;
          if (upstreamAsset != null && upstreamKey.grain() == grain) {
            int position = positions.positionOf(upstreamKey.start());
            if (position >= 0) {
              upstreamId = grid[position * assetCount + upstreamAsset];
            }
          }
          if (upstreamId >= 0) {
            if (count == upstreamBuffer.length) {
              upstreamBuffer = java.util.Arrays.copyOf(upstreamBuffer, count * 2);
              reasonBuffer = java.util.Arrays.copyOf(reasonBuffer, count * 2);
            }
            upstreamBuffer[count] = upstreamId;
            reasonBuffer[count++] = d;
          } else if (!states.isMaterialized(dependency.asset(), upstreamKey)) {
            missing.add(dependency, upstreamKey, asset, key);
          }
        }
      }
      tasks.add(
          new TaskNode(
              id,
              asset,
              key,
              levels.get(asset),
              java.util.Arrays.copyOf(upstreamBuffer, count),
              java.util.Arrays.copyOf(reasonBuffer, count)));
    }
    missing.throwIfAny(request);
    return new Plan(tasks, skipped);
  }

  /** The upstream partitions that {@code key} reads through {@code dependency}, clipped to the pipeline start. */
  public List<PartitionKey> upstreamKeys(Dependency dependency, PartitionKey key) {
    AssetDefinition upstream = pipeline.asset(dependency.asset());
    Grain upstreamGrain = upstream.grain();
    PartitionMapping mapping = dependency.mapping();
    LocalDateTime from;
    LocalDateTime to;
    if (mapping instanceof PartitionMapping.Identity) {
      from = key.start();
      to = key.end();
    } else if (mapping instanceof PartitionMapping.Window window) {
      from = key.plus(window.from()).start();
      to = key.plus(window.to()).end();
    } else if (mapping instanceof PartitionMapping.Self) {
      from = key.plus(-1).start();
      to = key.start();
    } else {
      from = pipeline.partitions().start().start();
      to = key.end();
    }
    LocalDateTime pipelineStart = upstreamGrain.truncate(pipeline.partitions().start().start());
    List<PartitionKey> result = new ArrayList<>(4);
    for (LocalDateTime start = upstreamGrain.truncate(from);
        start.isBefore(to);
        start = upstreamGrain.plus(start, 1)) {
      if (!start.isBefore(pipelineStart)) {
        result.add(new PartitionKey(upstreamGrain, start));
      }
    }
    return result;
  }

  private List<String> orderByLevel(List<String> assets) {
    List<String> ordered = new ArrayList<>(assets);
    // Stable sort keeps the topological (declaration) order within a level.
    ordered.sort(java.util.Comparator.comparingInt(levels::get));
    return ordered;
  }

  private void checkBounds(List<PartitionKey> keys, PartitionSet set) {
    PartitionKey first = keys.get(0);
    PartitionKey last = keys.get(keys.size() - 1);
    PartitionKey start = pipeline.partitions().start();
    if (first.start().isBefore(start.start())) {
      throw PartitaException.user(
          "Partition %s is before partitions.start %s in partita.yaml: start the range at %s or lower partitions.start",
          first, start, first.grain().format(first.grain().truncate(start.start())));
    }
    pipeline
        .partitions()
        .end()
        .ifPresent(
            end -> {
              if (!last.start().isBefore(end.end())) {
                throw PartitaException.user(
                    "Partition %s is after partitions.end %s in partita.yaml: end the range earlier or raise partitions.end",
                    last, end);
              }
            });
  }

  private static boolean wanted(Reprocess reprocess, String asset, PartitionKey key, PartitionStates states) {
    return switch (reprocess) {
      case ALL -> true;
      case MISSING -> !states.isMaterialized(asset, key);
      case FAILED -> states.isFailed(asset, key);
    };
  }

  /** Upstream partitions a plan needs that are neither in the run nor materialized. */
  private static final class Missing {
    private final Map<String, TreeSet<PartitionKey>> byAsset = new LinkedHashMap<>();
    private final Map<String, String> reasons = new LinkedHashMap<>();
    private final Map<String, String> neededBy = new LinkedHashMap<>();

    void add(Dependency dependency, PartitionKey upstreamKey, String asset, PartitionKey key) {
      byAsset.computeIfAbsent(dependency.asset(), k -> new TreeSet<>()).add(upstreamKey);
      reasons.putIfAbsent(dependency.asset(), dependency.mapping().describe() + ", " + dependency.reason());
      neededBy.putIfAbsent(dependency.asset(), asset + " " + key);
    }

    void throwIfAny(PlanRequest request) {
      if (byAsset.isEmpty()) {
        return;
      }
      StringBuilder message = new StringBuilder("Upstream partitions are missing and not in this run:");
      for (Map.Entry<String, TreeSet<PartitionKey>> entry : byAsset.entrySet()) {
        Set<PartitionKey> keys = entry.getValue();
        String listed =
            keys.stream().limit(MAX_LISTED).map(PartitionKey::key).collect(Collectors.joining(", "));
        message
            .append("\n  ")
            .append(entry.getKey())
            .append(' ')
            .append(listed)
            .append(keys.size() > MAX_LISTED ? " … (" + keys.size() + " in all)" : "")
            .append(" — needed by ")
            .append(neededBy.get(entry.getKey()))
            .append(" (")
            .append(reasons.get(entry.getKey()))
            .append(')');
      }
      String first = request.assets().get(request.assets().size() - 1);
      message
          .append("\nInclude them with --assets +")
          .append(first)
          .append(" (adds upstream assets), or backfill ")
          .append(String.join(", ", byAsset.keySet()))
          .append(" for those partitions first.");
      throw PartitaException.user("%s", message);
    }
  }
}
