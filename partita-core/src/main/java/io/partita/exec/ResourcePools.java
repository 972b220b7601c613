package io.partita.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * Global slots shared by every run in this process ({@code pools:} in partita.yaml). A task that
 * names a pool holds one slot while it runs, so the sum of running tasks in a pool never exceeds
 * its size across runs. Thread-safe.
 */
public final class ResourcePools {
  private static final ResourcePools SHARED = new ResourcePools();

  private final Map<String, Integer> capacity = new HashMap<>();
  private final Map<String, Integer> used = new HashMap<>();

  /** The pools of this JVM. */
  public static ResourcePools shared() {
    return SHARED;
  }

  /** Sets the pool sizes from the pipeline; a pool keeps its slots in use when resized. */
  public synchronized void configure(Map<String, Integer> sizes) {
    capacity.putAll(sizes);
  }

  public synchronized boolean tryAcquire(String pool) {
    int size = capacity.getOrDefault(pool, Integer.MAX_VALUE);
    int inUse = used.getOrDefault(pool, 0);
    if (inUse >= size) {
      return false;
    }
    used.put(pool, inUse + 1);
    return true;
  }

  public synchronized void release(String pool) {
    used.merge(pool, -1, Integer::sum);
  }

  public synchronized int inUse(String pool) {
    return used.getOrDefault(pool, 0);
  }
}
