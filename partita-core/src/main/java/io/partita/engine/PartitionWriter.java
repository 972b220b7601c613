package io.partita.engine;

import java.util.List;

/**
 * Writes partitions of assets, write-audit-publish style: {@link #stage} computes a partition where
 * nobody reads it, checks run against it, then {@link #publish} makes it visible, or {@link
 * #quarantine}/{@link #discard} drop it. Every publish keeps a way back: {@link #restore} puts the
 * rows it replaced back (how it does so, e.g. backup tables, is the engine's business).
 *
 * <p>Thread-safe: several workers stage and publish at once; publishes into one relation are
 * serialised by the engine. Deterministic failures throw {@link EngineException} with {@code
 * retryable} false, transient ones with true.
 */
public interface PartitionWriter {
  /**
   * Computes the partition into a fresh staging relation. Fails, without touching published data,
   * when the input fails or when any row's time column lies outside the partition window. Not
   * idempotent: each call stages anew.
   *
   * @throws EngineException with {@code retryable} false for deterministic failures (bad SQL, rows
   *     outside the window, a read-only warehouse), true for transient ones
   */
  StagedPartition stage(StageRequest request, Cancellation cancellation);

  /**
   * Stages consecutive partitions of one asset with ONE run of the input: every request names the
   * same asset, target, time column and input (rendered for the window spanning them all), and
   * their partitions follow each other in order. Returns one staged partition per request, each
   * holding exactly the rows of its own window, as {@link #stage} would have for it alone. Fails as
   * a whole, like {@link #stage}, when the input fails or any row lies outside the spanned window.
   *
   * @throws EngineException as {@link #stage}
   * @throws UnsupportedOperationException when {@link #stagesBatches()} is false
   */
  default List<StagedPartition> stageBatch(List<StageRequest> requests, Cancellation cancellation) {
    throw new UnsupportedOperationException("this warehouse stages one partition at a time");
  }

  /**
   * Whether {@link #stageBatch} works. When false, the executor runs every partition of a {@code
   * batch_size} asset alone: the same rows, without the speed-up.
   */
  default boolean stagesBatches() {
    return false;
  }

  /**
   * One relation (SQL usable after FROM, in parentheses) of the rows of {@code staged}, partitions
   * of one asset, each row with its partition's position in {@code staged} in the INTEGER column
   * {@code column}: what the checks of a batch scan once. By default the union of the staging
   * relations; an engine whose batch partitions share one table may read it once instead.
   */
  default String stagedRows(List<StagedPartition> staged, String column) {
    return union(staged, column);
  }

  /** The default {@link #stagedRows}: the union of the staging relations, each tagged. */
  static String union(List<StagedPartition> staged, String column) {
    StringBuilder union = new StringBuilder();
    for (int i = 0; i < staged.size(); i++) {
      union
          .append(
              i == 0 ? "select " + i + " as " + column + ", *" : " union all select " + i + ", *")
          .append(" from ")
          .append(staged.get(i).stagingRelation());
    }
    return union.toString();
  }

  /**
   * Rows a batch should hold at least for this warehouse to write it efficiently; 0 when the size
   * of a write makes no difference. {@code batch_size: auto} grows the batches of small partitions
   * towards it (within limits: see {@code BatchSizer}).
   */
  default long batchRows() {
    return 0;
  }

  /**
   * Stages and publishes in one step, for a caller that reads nothing of the rows in between (no
   * checks, no late-arrival metrics, not held back for an atomic run): an engine may compute them
   * straight into the target, checking the window in the same transaction, with {@link #publish}'s
   * guarantees. Empty (the default) when it does not; nothing was written then, and the caller
   * stages and publishes as usual, which also reports any error. An engine that writes calls {@link
   * Cancellation#awaitCommitPermit} right before its commit.
   */
  default java.util.Optional<PublishResult> writeDirectly(
      StageRequest request, PublishRequest publish, Cancellation cancellation) {
    return java.util.Optional.empty();
  }

  /**
   * Publishes a staged partition atomically: overwrite replaces the rows of the window and nothing
   * else; merge updates matched keys and inserts the rest. The same transaction records {@code
   * (runId, asset, partition, attempt)} in the {@link PublishLog}, so a crash leaves either all of
   * it or none, and keeps the rows it replaces so {@link #restore} can put them back. The staging
   * relation is dropped afterwards.
   */
  PublishResult publish(StagedPartition staged, PublishRequest request);

  /**
   * Publishes several staged partitions, possibly of several assets, in ONE transaction: readers
   * see all of them or none. Same per-partition semantics as {@link #publish}.
   *
   * @throws IllegalArgumentException when the two lists differ in size
   */
  List<PublishResult> publishAll(List<StagedPartition> staged, List<PublishRequest> requests);

  /**
   * Whether {@link #publishAll} can publish partitions of several relations in one transaction.
   * When false (e.g. Iceberg on a catalog that commits one table at a time) it publishes partitions
   * of one relation only and refuses others before writing anything, so {@code --publish atomic}
   * across several assets is refused before a run starts.
   */
  default boolean publishesSeveralRelationsAtomically() {
    return true;
  }

  /**
   * Keeps a staged partition that failed its checks for inspection and returns the relation that
   * holds it. Nothing is published; {@link PublishLog#expire} removes it later.
   */
  String quarantine(StagedPartition staged);

  /** Drops a staging relation that will not be published. Idempotent. */
  void discard(StagedPartition staged);

  /**
   * The way back each publish of {@code runId} kept, in publish order: how many rows it holds, or
   * when {@link PublishLog#expire} removed it. {@link #restore} of a removed one would empty the
   * partition instead of restoring it, so callers refuse it first.
   */
  List<PartitionBackup> backups(String runId);

  /**
   * Restores, in one transaction, each partition to the rows it held before {@code runId} published
   * it, and records the restore in the publish log under {@code restoringRunId}. Returns the number
   * of rows put back. Not idempotent: a second restore of the same run puts the same rows back
   * again over whatever was published in between.
   */
  long restore(String restoringRunId, String runId, List<RestoreRequest> partitions);
}
