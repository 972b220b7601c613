package io.partita.exec;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Ready tasks by asset, each queue ordered by task id (= priority). Picking the best startable task
 * costs O(assets) even when one asset is blocked by its concurrency limit or pool.
 */
final class ReadyQueues {
  private final Map<String, PriorityQueue<Integer>> byAsset = new HashMap<>();
  private int size;

  void add(String asset, int taskId) {
    byAsset.computeIfAbsent(asset, k -> new PriorityQueue<>()).add(taskId);
    size++;
  }

  void remove(String asset, int taskId) {
    PriorityQueue<Integer> queue = byAsset.get(asset);
    if (queue != null && queue.remove(taskId)) {
      size--;
    }
  }

  /** Removes and returns the lowest id among assets that {@code canStart}, or -1. */
  int pollStartable(Predicate<String> canStart) {
    String bestAsset = null;
    int best = Integer.MAX_VALUE;
    for (Map.Entry<String, PriorityQueue<Integer>> entry : byAsset.entrySet()) {
      Integer head = entry.getValue().peek();
      if (head != null && head < best && canStart.test(entry.getKey())) {
        best = head;
        bestAsset = entry.getKey();
      }
    }
    if (bestAsset == null) {
      return -1;
    }
    byAsset.get(bestAsset).poll();
    size--;
    return best;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** How many ready tasks the asset has. */
  int size(String asset) {
    PriorityQueue<Integer> queue = byAsset.get(asset);
    return queue == null ? 0 : queue.size();
  }

  /** Removes and returns the asset's lowest ready id when {@code accept} takes it, else -1. */
  int pollNext(String asset, java.util.function.IntPredicate accept) {
    PriorityQueue<Integer> queue = byAsset.get(asset);
    Integer head = queue == null ? null : queue.peek();
    if (head == null || !accept.test(head)) {
      return -1;
    }
    queue.poll();
    size--;
    return head;
  }
}
