package io.partita.exec;

import io.partita.PartitaException;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionSet;

/**
 * The most partitions one run may cover ({@code defaults.max_partitions_per_run}, or {@code
 * --max-partitions}). The count is the partitions of the requested range, worked out from its ends
 * before a single partition is enumerated, so a range of ten million hours is refused at once
 * instead of writing ten million leases. Tasks are at most that count times the selected assets.
 */
record RunSizeLimit(int maxPartitions, String source) {
  RunSizeLimit {
    if (maxPartitions < 1) {
      throw PartitaException.user("%s must be at least 1, got %d", source, maxPartitions);
    }
  }

  /**
   * @throws PartitaException USER with the commands that split the range into allowed runs
   */
  void check(PartitionSet partitions) {
    long count = partitions.count();
    if (count <= maxPartitions) {
      return;
    }
    long runs = (count + maxPartitions - 1) / maxPartitions;
    String prefix =
        "--partitions "
            + abbreviated(partitions)
            + " covers "
            + count
            + " partitions, more than "
            + source
            + " "
            + maxPartitions
            + "; nothing was written: ";
    if (partitions instanceof PartitionSet.Range range) {
      PartitionKey first = range.range().first();
      PartitionKey last = range.range().last();
      PartitionKey firstEnd = first.plus(maxPartitions - 1);
      PartitionKey secondStart = firstEnd.plus(1);
      PartitionKey secondEnd = runs == 2 ? last : secondStart.plus(maxPartitions - 1);
      throw PartitaException.user(
          "%s",
          prefix
              + "split it into "
              + runs
              + " runs: partita backfill --partitions "
              + first
              + ".."
              + firstEnd
              + ", then --partitions "
              + secondStart
              + ".."
              + secondEnd
              + (runs > 2 ? ", and so on up to " + last : "")
              + " (or raise the limit with --max-partitions N)");
    }
    throw PartitaException.user(
        "%s",
        prefix
            + "split the list into "
            + runs
            + " runs of at most "
            + maxPartitions
            + " keys (or raise the limit with --max-partitions N)");
  }

  private static String abbreviated(PartitionSet partitions) {
    String spec = partitions.spec();
    return spec.length() <= 60 ? spec : spec.substring(0, 57) + "...";
  }
}
