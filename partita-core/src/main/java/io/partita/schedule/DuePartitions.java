package io.partita.schedule;

import io.partita.config.PartitionSpec;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * Which partitions are due: partition D is due once {@code now >= end(D) + watermarkDelay}, with
 * {@code end(D)} read in the pipeline's timezone.
 */
final class DuePartitions {
  private DuePartitions() {}

  /**
   * The newest partition of {@code grain} due at {@code at}, within {@code partitions.start} and
   * {@code partitions.end}; empty if none is due yet.
   */
  static Optional<PartitionKey> newest(
      Grain grain, PartitionSpec partitions, Duration watermarkDelay, Instant at) {
    LocalDateTime horizon =
        at.minus(watermarkDelay).atZone(partitions.timezone()).toLocalDateTime();
    // The partition containing the horizon has not ended by then; the one before it has.
    PartitionKey newest = PartitionKey.containing(grain, horizon).plus(-1);
    PartitionKey first = PartitionKey.containing(grain, partitions.start().start());
    if (newest.compareTo(first) < 0) {
      return Optional.empty();
    }
    if (partitions.end().isPresent()) {
      PartitionKey last = PartitionKey.containing(grain, partitions.end().get().start());
      if (newest.compareTo(last) > 0) {
        newest = last;
      }
    }
    return Optional.of(newest);
  }

  /** The watermark of a partition: when its data is considered complete. */
  static LocalDateTime watermark(PartitionKey partition, Duration watermarkDelay) {
    return partition.end().plus(watermarkDelay);
  }
}
