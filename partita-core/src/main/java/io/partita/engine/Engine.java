package io.partita.engine;

/**
 * A warehouse that can materialize one partition of an asset. The default is DuckDB; a Spark +
 * Iceberg engine implements the same contract.
 *
 * <p>Every write is two steps so that checks can run in between: {@link #stage} computes the
 * partition into a staging relation nobody reads, {@link #publish} makes it visible in one
 * transaction. Implementations must be safe for concurrent use by several worker threads.
 */
public interface Engine extends SqlParser, AutoCloseable {
  /** Name and version for lineage and logs, e.g. {@code duckdb v1.4.0}. */
  String describe();

  /** The relation that {@code ref('asset')} renders to: the published name of the asset. */
  String relation(String asset);

  /**
   * The physical table that holds {@code version} of {@code asset} (e.g. {@code features__v2}).
   * The published name is a view on exactly one version; the first publish of a version creates
   * its table, and the view when the asset has none yet.
   */
  String versionRelation(String asset, String version);

  /** The version the published name points at; empty before the asset's first publish. */
  java.util.Optional<String> liveVersion(String asset);

  /**
   * Points the published name at {@code version} in one statement: a reader sees the old version
   * or the new one, never an error or a mix.
   */
  void switchVersion(String asset, String version);

  /** Drops the table of a version that is not live. */
  void dropVersion(String asset, String version);

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
   * the commit happened, and first copies the rows it replaces to a backup tagged with the run, so
   * {@link #restore} can put them back. The staging relation is dropped afterwards.
   */
  PublishResult publish(StagedPartition staged, PublishRequest request);

  /**
   * Publishes several staged partitions, possibly of several assets, in ONE transaction: readers
   * see all of them or none. Same per-partition semantics and backups as {@link #publish}.
   */
  java.util.List<PublishResult> publishAll(
      java.util.List<StagedPartition> staged, java.util.List<PublishRequest> requests);

  /**
   * Keeps a staged partition that failed its checks for inspection: moves it to a quarantine
   * relation, whose name is returned. Nothing is published.
   */
  String quarantine(StagedPartition staged);

  /** The partitions {@code runId} published, in publish order. */
  java.util.List<PublishedPartition> published(String runId);

  /** The latest publish of (asset, partition) by any run, if any. */
  java.util.Optional<PublishedPartition> lastPublish(String asset, String partition);

  /**
   * The latest publish of {@code partition} into the physical table {@code target} (one version of
   * an asset, as in {@link PublishedPartition#target}) by any run, if any.
   */
  java.util.Optional<PublishedPartition> lastPublishTo(String target, String partition);

  /**
   * The backup each publish of {@code runId} took, in publish order: how many rows it holds, or
   * when {@code partita gc} removed it. {@link #restore} of a removed backup would empty the
   * partition instead of restoring it.
   */
  java.util.List<PartitionBackup> backups(String runId);

  /**
   * Restores, in one transaction, each partition to the rows it held before {@code runId}
   * published it (from the backup taken at publish). Records the restore in the publish log under
   * {@code restoringRunId}. Returns the number of rows put back.
   */
  long restore(String restoringRunId, String runId, java.util.List<RestoreRequest> partitions);

  /** Deletes backups and quarantined partitions older than {@code before}; returns how many were removed. */
  long expire(java.time.Instant before);

  /**
   * A view of {@code asset} as it will look once {@code staged} (partitions of that asset, held
   * back by an atomic run) are published: the published rows they replace are hidden and the
   * staged rows shown. Lets downstream tasks of the run read data nobody else can see yet. Drop
   * it with {@link #dropView}.
   */
  String overlay(String name, String asset, java.util.List<StagedPartition> staged, java.util.List<PublishRequest> requests);

  /** Drops a view made by {@link #overlay}. Idempotent. */
  void dropView(String relation);

  /** Drops a staging relation that will not be published. Idempotent. */
  void discard(StagedPartition staged);

  /** Whether a publish of this task by this run committed (crash recovery). */
  boolean wasPublished(String runId, String asset, String partition);

  /** Who this warehouse is and which state store it is paired with (see {@link WarehouseIdentity}). */
  WarehouseIdentity identity();

  /** Records the state store whose partition states describe this warehouse. Idempotent. */
  void pairState(String stateId);

  /**
   * The latest entry of the publish log for every (asset, partition, target), restores included:
   * what each partition of each version table holds, as far as the warehouse knows.
   */
  java.util.List<PublishedPartition> latestPublishes();

  /**
   * Runs a read-only query and returns at most {@code maxRows} rows.
   *
   * @throws io.partita.PartitaException USER when {@code sql} is not exactly one statement that
   *     only reads ({@link SqlStatements#READ_KEYWORDS}), before running any of it
   */
  QueryResult query(String sql, int maxRows);

  @Override
  void close();
}
