package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import java.util.HashMap;
import java.util.Map;

/**
 * Two of the three limits on what starts: each asset's {@code concurrency} within the run and the
 * process-wide pools (the third, the run's max parallel, is the coordinator's). Coordinator thread
 * only; the pools themselves are shared by every run of the process.
 */
final class AssetLimits {
  private final Pipeline pipeline;
  private final ResourcePools pools;
  private final Map<String, Integer> runningByAsset = new HashMap<>();

  AssetLimits(Pipeline pipeline, ResourcePools pools) {
    this.pipeline = pipeline;
    this.pools = pools;
  }

  /** Whether a task of the asset could start now; takes nothing. */
  boolean canStart(String assetName) {
    AssetDefinition asset = pipeline.asset(assetName);
    if (asset.concurrency() > 0
        && runningByAsset.getOrDefault(assetName, 0) >= asset.concurrency()) {
      return false;
    }
    if (asset.pool().isEmpty()) {
      return true;
    }
    // Probe: take and give back, so that a task skipped here does not hold a slot.
    String pool = asset.pool().get();
    if (!pools.tryAcquire(pool)) {
      return false;
    }
    pools.release(pool);
    return true;
  }

  /**
   * Takes the asset's pool slot and counts the task as running; false when another run in this
   * process took the last slot since {@link #canStart} looked.
   */
  boolean start(String assetName) {
    AssetDefinition asset = pipeline.asset(assetName);
    if (asset.pool().isPresent() && !pools.tryAcquire(asset.pool().get())) {
      return false;
    }
    runningByAsset.merge(assetName, 1, Integer::sum);
    return true;
  }

  void finished(String assetName) {
    runningByAsset.merge(assetName, -1, Integer::sum);
    pipeline.asset(assetName).pool().ifPresent(pools::release);
  }
}
