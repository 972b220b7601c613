package io.partita.engine;

import java.util.List;

/**
 * Lets a task read an upstream asset as the run staged it: an atomic run holds back every publish
 * until the end, yet its downstream tasks must read the rows it computed. How the engine shows them
 * (e.g. a view over the published rows and the staging relations) is its business. Thread-safe.
 */
public interface StagedReads {
  /**
   * A relation named after {@code name} showing {@code asset} as it will look once {@code staged}
   * (partitions of that asset, with their publish requests) are published: the rows they replace
   * are hidden and the staged rows shown. Nothing is published. Release it with {@link #dropView}.
   *
   * @throws EngineException retryable, when the relation cannot be built
   */
  String overlay(
      String name, String asset, List<StagedPartition> staged, List<PublishRequest> requests);

  /** Releases a relation made by {@link #overlay}. Idempotent. */
  void dropView(String relation);
}
