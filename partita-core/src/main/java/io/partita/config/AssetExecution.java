package io.partita.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How an asset's tasks are run: the pool they share, how many may run at once, and their attempts.
 *
 * @param concurrency the most tasks of this asset that run at once; 0 means no per-asset limit
 * @param batchSize how many consecutive partitions one query may compute ({@link BatchSize#OFF}:
 *     one)
 */
public record AssetExecution(
    Optional<String> pool, int concurrency, AttemptPolicy attempts, BatchSize batchSize) {
  public AssetExecution {
    requireNonNull(pool, "pool is null");
    requireNonNull(attempts, "attempts is null");
    requireNonNull(batchSize, "batchSize is null");
  }

  /** Without partition fusion. */
  public AssetExecution(Optional<String> pool, int concurrency, AttemptPolicy attempts) {
    this(pool, concurrency, attempts, BatchSize.OFF);
  }
}
