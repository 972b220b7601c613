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
 * Turns a selection of assets and partitions into a {@link Plan}: one task per (asset, partition),
 * edges from the dependency mappings, in start order. Upstream partitions outside the run must
 * already be materialized; otherwise planning fails with a USER error that lists them.
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
    grainOf(assets);
    List<PartitionKey> keys = request.partitions().keys();
    checkBounds(keys, request.partitions());
    int assetCount = assets.size();
    Map<String, Integer> assetIndex = new HashMap<>();
    for (int a = 0; a < assetCount; a++) {
      assetIndex.put(assets.get(a), a);
    }

    // Cells of the requested grid, then the closure: an upstream partition that a task reads, of
    // a selected asset, that is neither in the run nor materialized, joins the run (so
    // `--assets +features` also builds the D-2..D window that features reads).
    List<Cell> cells = new ArrayList<>();
    Map<Long, Integer> cellIndex = new HashMap<>();
    int skipped = 0;
    for (PartitionKey key : keys) {
      for (int a = 0; a < assetCount; a++) {
        if (include.include(assets.get(a), key)) {
          addCell(cells, cellIndex, a, key);
        } else {
          skipped++;
        }
      }
    }
    for (int i = 0; i < cells.size(); i++) {
      Cell cell = cells.get(i);
      for (Dependency dependency : pipeline.asset(assets.get(cell.asset)).dependencies()) {
        Integer upstream = assetIndex.get(dependency.asset());
        // depends_on_past is not followed: it would silently extend a backfill back to the start.
        if (upstream == null || dependency.mapping() instanceof PartitionMapping.Self) {
          continue;
        }
        for (PartitionKey upstreamKey : upstreamKeys(dependency, cell.key)) {
          if (!cellIndex.containsKey(cellKey(upstream, upstreamKey))
              && !states.isMaterialized(dependency.asset(), upstreamKey)
              && withinEnd(upstreamKey)) {
            addCell(cells, cellIndex, upstream, upstreamKey);
          }
        }
      }
    }

    java.util.Comparator<Cell> byTime = java.util.Comparator.comparing(cell -> cell.key.start());
    if (request.order() == Order.DESC) {
      byTime = byTime.reversed();
    }
    // Assets are already sorted by level, so the asset index breaks ties by level then declaration.
    cells.sort(byTime.thenComparingInt(cell -> cell.asset));
    cellIndex.clear();
    for (int id = 0; id < cells.size(); id++) {
      cellIndex.put(cellKey(cells.get(id).asset, cells.get(id).key), id);
    }

    Missing missing = new Missing();
    List<TaskNode> tasks = new ArrayList<>(cells.size());
    int[] upstreamBuffer = new int[16];
    int[] reasonBuffer = new int[16];
    for (int id = 0; id < cells.size(); id++) {
      Cell cell = cells.get(id);
      String asset = assets.get(cell.asset);
      int count = 0;
      List<Dependency> dependencies = pipeline.asset(asset).dependencies();
      for (int d = 0; d < dependencies.size(); d++) {
        Dependency dependency = dependencies.get(d);
        Integer upstreamAsset = assetIndex.get(dependency.asset());
        for (PartitionKey upstreamKey : upstreamKeys(dependency, cell.key)) {
          Integer upstreamId =
              upstreamAsset == null ? null : cellIndex.get(cellKey(upstreamAsset, upstreamKey));
          if (upstreamId != null) {
            if (count == upstreamBuffer.length) {
              upstreamBuffer = java.util.Arrays.copyOf(upstreamBuffer, count * 2);
              reasonBuffer = java.util.Arrays.copyOf(reasonBuffer, count * 2);
            }
            upstreamBuffer[count] = upstreamId;
            reasonBuffer[count++] = d;
          } else if (!states.isMaterialized(dependency.asset(), upstreamKey)) {
            missing.add(dependency, upstreamKey, asset, cell.key);
          }
        }
      }
      tasks.add(
          new TaskNode(
              id,
              asset,
              cell.key,
              levels.get(asset),
              java.util.Arrays.copyOf(upstreamBuffer, count),
              java.util.Arrays.copyOf(reasonBuffer, count)));
    }
    missing.throwIfAny(request);
    return new Plan(tasks, skipped);
  }

  /** One (asset, partition) of the plan before ids are assigned. */
  private record Cell(int asset, PartitionKey key) {}

  private static void addCell(
      List<Cell> cells, Map<Long, Integer> index, int asset, PartitionKey key) {
    index.put(cellKey(asset, key), cells.size());
    cells.add(new Cell(asset, key));
  }

  /**
   * A compact map key: asset index in the high 32 bits, the window start in epoch hours (every
   * grain starts on an hour) shifted to be non-negative in the low 32 bits.
   */
  private static long cellKey(int asset, PartitionKey key) {
    long hours =
        Math.floorDiv(key.start().toEpochSecond(java.time.ZoneOffset.UTC), 3600) + (1L << 31);
    return ((long) asset << 32) | (hours & 0xFFFF_FFFFL);
  }

  private boolean withinEnd(PartitionKey key) {
    return pipeline.partitions().end().map(end -> key.start().isBefore(end.end())).orElse(true);
  }

  /**
   * The upstream partitions that {@code key} reads through {@code dependency}, clipped to the
   * pipeline start.
   */
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

  /** Whether {@code --reprocess} keeps (asset, key). */
  public static boolean wanted(
      Reprocess reprocess, String asset, PartitionKey key, PartitionStates states) {
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

    /**
     * {@code partita backfill --assets +a,+b --partitions FIRST..LAST} over every missing key; one
     * command per asset when their grains differ.
     */
    private String buildCommand() {
      TreeSet<PartitionKey> all = new TreeSet<>();
      byAsset.values().forEach(all::addAll);
      if (all.stream().map(PartitionKey::grain).distinct().count() > 1) {
        return byAsset.entrySet().stream()
            .map(entry -> command("+" + entry.getKey(), entry.getValue()))
            .collect(Collectors.joining("`, then `"));
      }
      return command(
          byAsset.keySet().stream().map(asset -> "+" + asset).collect(Collectors.joining(",")),
          all);
    }

    private static String command(String assets, TreeSet<PartitionKey> keys) {
      String range =
          keys.size() == 1 ? keys.first().key() : keys.first().key() + ".." + keys.last().key();
      // With gaps, the range also covers partitions that exist: build only the missing ones.
      boolean gaps = keys.first().plus(keys.size() - 1).compareTo(keys.last()) != 0;
      return "partita backfill --assets "
          + assets
          + " --partitions "
          + range
          + (gaps ? " --reprocess missing" : "");
    }

    void add(Dependency dependency, PartitionKey upstreamKey, String asset, PartitionKey key) {
      byAsset.computeIfAbsent(dependency.asset(), k -> new TreeSet<>()).add(upstreamKey);
      reasons.putIfAbsent(
          dependency.asset(), dependency.mapping().describe() + ", " + dependency.reason());
      neededBy.putIfAbsent(dependency.asset(), asset + " " + key);
    }

    void throwIfAny(PlanRequest request) {
      if (byAsset.isEmpty()) {
        return;
      }
      // The first line alone says what to do: it is the `error:` line of the CLI.
      StringBuilder message =
          new StringBuilder(
                  "Upstream partitions are missing and not in this run; build them first with `")
              .append(buildCommand())
              .append("`:");
      for (Map.Entry<String, TreeSet<PartitionKey>> entry : byAsset.entrySet()) {
        Set<PartitionKey> keys = entry.getValue();
        String listed =
            keys.stream()
                .limit(MAX_LISTED)
                .map(PartitionKey::key)
                .collect(Collectors.joining(", "));
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
          .append("\nOr include them in this run with --assets +")
          .append(first)
          .append(" (adds upstream assets).");
      throw PartitaException.user("%s", message);
    }
  }
}
