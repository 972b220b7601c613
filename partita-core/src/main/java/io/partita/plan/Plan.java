package io.partita.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The tasks of a run in the order they would start: partitions ascending (or descending), then
 * topological level. Task ids are positions in that order, so lower id = higher priority.
 */
public final class Plan {
  private final List<TaskNode> tasks;
  private final int skipped;
  private int[][] downstream;

  Plan(List<TaskNode> tasks, int skipped) {
    this.tasks = List.copyOf(tasks);
    this.skipped = skipped;
  }

  public List<TaskNode> tasks() {
    return tasks;
  }

  public int size() {
    return tasks.size();
  }

  /** Tasks of the selection left out because {@code --reprocess} found nothing to do for them. */
  public int skipped() {
    return skipped;
  }

  /** For every task, the ids of the tasks that wait for it. Computed once. */
  public synchronized int[][] downstream() {
    if (downstream == null) {
      int[] counts = new int[tasks.size()];
      for (TaskNode task : tasks) {
        for (int upstream : task.upstream()) {
          counts[upstream]++;
        }
      }
      int[][] result = new int[tasks.size()][];
      for (int i = 0; i < counts.length; i++) {
        result[i] = new int[counts[i]];
        counts[i] = 0;
      }
      for (TaskNode task : tasks) {
        for (int upstream : task.upstream()) {
          result[upstream][counts[upstream]++] = task.id();
        }
      }
      downstream = result;
    }
    return downstream;
  }

  /** The distinct partitions of the plan in start order. */
  public List<String> partitionKeys() {
    List<String> keys = new ArrayList<>();
    String last = null;
    for (TaskNode task : tasks) {
      String key = task.partition().key();
      if (!key.equals(last)) {
        keys.add(key);
        last = key;
      }
    }
    return keys;
  }
}
