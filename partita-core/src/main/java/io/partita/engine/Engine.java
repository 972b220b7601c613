package io.partita.engine;

/**
 * A warehouse that can materialize one partition of an asset. The default is DuckDB; a Spark +
 * Iceberg engine implements the same contract.
 *
 * <p>Every write is two steps so that checks can run in between: {@link #stage} computes the
 * partition into a staging relation nobody reads, {@link #publish} makes it visible in one
 * transaction. Implementations must be safe for concurrent use by several worker threads.
 */
public interface Engine extends AutoCloseable {
  /** Name and version for lineage and logs, e.g. {@code duckdb v1.4.0}. */
  String describe();

  /** The relation that {@code ref('asset')} renders to: the published name of the asset. */
  String relation(String asset);

  /**
   * Computes the partition into a fresh staging relation. Fails, without touching published data,
   * when the input fails or when any row's time column lies outside the partition window.
   *
   * @throws EngineException with {@code retryable} false for deterministic failures (bad SQL,
   *     rows outside the window), true for transient ones
   */
  StagedPartition stage(StageRequest request, Cancellation cancellation);

  /**
   * Publishes a staged partition in one transaction: overwrite deletes the window and inserts;
   * merge updates matched keys and inserts the rest. The transaction also records {@code
   * (runId, asset, partition, attempt)} so {@link #wasPublished} can tell after a crash whether
   * the commit happened. The staging relation is dropped afterwards.
   */
  PublishResult publish(StagedPartition staged, PublishRequest request);

  /** Drops a staging relation that will not be published. Idempotent. */
  void discard(StagedPartition staged);

  /** Whether a publish of this task by this run committed (crash recovery). */
  boolean wasPublished(String runId, String asset, String partition);

  /** Runs a read-only query and returns at most {@code maxRows} rows. */
  QueryResult query(String sql, int maxRows);

  @Override
  void close();
}
