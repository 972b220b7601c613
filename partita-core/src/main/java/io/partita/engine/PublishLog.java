package io.partita.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the warehouse itself remembers of every publish, written in the publish's own transaction
 * ({@link PartitionWriter#publish}): the source of truth after a crash, when the state store may
 * not have heard of a commit. Reads are thread-safe and see committed publishes only.
 */
public interface PublishLog {
  /** The partitions {@code runId} published, in publish order; empty for an unknown run. */
  List<PublishedPartition> published(String runId);

  /** The latest publish of (asset, partition) by any run, if any. */
  Optional<PublishedPartition> lastPublish(String asset, String partition);

  /**
   * The latest publish of {@code partition} into the relation {@code target} (one version of an
   * asset, as in {@link PublishedPartition#target}) by any run, if any.
   */
  Optional<PublishedPartition> lastPublishTo(String target, String partition);

  /**
   * Whether a publish of this task by this run committed (crash recovery).
   *
   * @throws EngineException retryable, when the log cannot be read
   */
  boolean wasPublished(String runId, String asset, String partition);

  /**
   * The latest entry for every (asset, partition, target), restores included: what each partition
   * of each version holds, as far as the warehouse knows.
   */
  List<PublishedPartition> latestPublishes();

  /**
   * Removes the ways back ({@link PartitionWriter#backups}) and quarantined partitions older than
   * {@code before}; returns how many were removed. Idempotent.
   */
  long expire(Instant before);

  /** What {@link #expire}'s count counts, for messages: "backup rows and quarantined tables". */
  default String expiredItems() {
    return "backup rows and quarantined tables";
  }
}
