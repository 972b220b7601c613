package io.partita.exec;

import io.partita.config.Dependency;
import io.partita.config.Pipeline;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionSet;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.AssetRange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a plan really touches, per asset: a run over D1..D2 also builds the upstream partitions
 * before D1 that a dependency window of a selected asset reads and that are missing. {@code plan},
 * {@code backfill}, {@code runs} and {@code run show} print these ranges so that nothing is written
 * outside what the user was shown.
 */
public final class PlanExtent {
  /**
   * Partitions of {@code asset} outside the requested ones, and why: the first requested task that
   * reads them ({@code read by features 2025-02-01 (window [-2, 0])}).
   */
  public record Extra(String asset, String partitions, int tasks, String why) {}

  private final List<AssetRange> ranges;
  private final List<Extra> extras;

  private PlanExtent(List<AssetRange> ranges, List<Extra> extras) {
    this.ranges = List.copyOf(ranges);
    this.extras = List.copyOf(extras);
  }

  /** Per asset, in the order its first task starts. */
  public List<AssetRange> ranges() {
    return ranges;
  }

  /** Assets with partitions outside the requested ones; empty when the plan stays inside them. */
  public List<Extra> extras() {
    return extras;
  }

  public static PlanExtent of(PlannedRun planned) {
    Plan plan = planned.plan();
    if (plan.size() == 0) {
      return new PlanExtent(List.of(), List.of());
    }
    Set<String> requested = new HashSet<>();
    PartitionSet set =
        PartitionSet.parse(planned.options().partitions(), plan.tasks().get(0).partition().grain());
    for (PartitionKey key : set.keys()) {
      requested.add(key.key());
    }
    Map<String, TreeMap<PartitionKey, Integer>> byAsset = new LinkedHashMap<>();
    Map<String, TreeMap<PartitionKey, Integer>> extraByAsset = new LinkedHashMap<>();
    for (TaskNode task : plan.tasks()) {
      byAsset.computeIfAbsent(task.asset(), a -> new TreeMap<>()).put(task.partition(), task.id());
      if (!requested.contains(task.partition().key())) {
        extraByAsset
            .computeIfAbsent(task.asset(), a -> new TreeMap<>())
            .put(task.partition(), task.id());
      }
    }
    List<AssetRange> ranges = new ArrayList<>();
    List<Extra> extras = new ArrayList<>();
    byAsset.forEach(
        (asset, keys) -> {
          TreeMap<PartitionKey, Integer> extra = extraByAsset.get(asset);
          String extraSpec = extra == null ? "" : compact(List.copyOf(extra.keySet()));
          ranges.add(
              new AssetRange(asset, compact(List.copyOf(keys.keySet())), keys.size(), extraSpec));
          if (extra != null) {
            String why =
                readBy(planned.pipeline(), plan, extra.firstEntry().getValue(), requested)
                    .orElse("read by a dependency window of the run");
            extras.add(new Extra(asset, extraSpec, extra.size(), why));
          }
        });
    return new PlanExtent(ranges, extras);
  }

  /**
   * The first requested task downstream of {@code taskId}, found breadth-first, and the edge that
   * reads the last hop: {@code read by features 2025-02-01 (window [-2, 0]) via staging_events}.
   */
  private static Optional<String> readBy(
      Pipeline pipeline, Plan plan, int taskId, Set<String> requested) {
    int[][] downstream = plan.downstream();
    Map<Integer, Integer> cameFrom = new java.util.HashMap<>();
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(taskId);
    cameFrom.put(taskId, -1);
    while (!queue.isEmpty()) {
      int id = queue.poll();
      TaskNode task = plan.tasks().get(id);
      if (id != taskId && requested.contains(task.partition().key())) {
        int previous = cameFrom.get(id);
        String edge = "";
        for (int i = 0; i < task.upstream().length; i++) {
          if (task.upstream()[i] == previous) {
            Dependency dependency =
                pipeline.asset(task.asset()).dependencies().get(task.upstreamDependency()[i]);
            edge = " (" + dependency.mapping().describe() + ")";
          }
        }
        List<String> via = new ArrayList<>();
        for (int hop = previous; hop != taskId; hop = cameFrom.get(hop)) {
          via.add(0, plan.tasks().get(hop).asset());
        }
        return Optional.of(
            "read by "
                + task.asset()
                + " "
                + task.partition().key()
                + edge
                + (via.isEmpty() ? "" : " via " + String.join(", ", via)));
      }
      for (int next : downstream[id]) {
        if (!cameFrom.containsKey(next)) {
          cameFrom.put(next, id);
          queue.add(next);
        }
      }
    }
    return Optional.empty();
  }

  /** Sorted keys as runs of consecutive partitions: {@code A..B,C,D..E}. */
  static String compact(List<PartitionKey> keys) {
    StringBuilder spec = new StringBuilder();
    int i = 0;
    while (i < keys.size()) {
      int j = i;
      while (j + 1 < keys.size() && keys.get(j).plus(1).equals(keys.get(j + 1))) {
        j++;
      }
      spec.append(spec.length() == 0 ? "" : ",").append(keys.get(i).key());
      if (j > i) {
        spec.append("..").append(keys.get(j).key());
      }
      i = j + 1;
    }
    return spec.toString();
  }
}
