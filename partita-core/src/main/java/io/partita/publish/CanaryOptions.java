package io.partita.publish;

import io.partita.model.PartitionSet;
import java.util.Optional;

/**
 * How {@code promote} compares the candidate version with the live one.
 *
 * @param partitions how many of the most recent partitions both versions have (default 3)
 * @param range explicit canary partitions instead
 * @param canarySql a query that must return true; {@code {{ live }}} and {@code {{ candidate }}}
 *     name the two versions' tables
 * @param maxDrift the largest PSI allowed for any numeric column on any canary partition
 * @param maxRowDelta the largest relative row-count change allowed, e.g. 0.1 for ±10%; empty =
 *     report only
 * @param allowIncomplete promote even when the candidate lacks partitions the live version has
 */
public record CanaryOptions(
    int partitions,
    Optional<PartitionSet> range,
    Optional<String> canarySql,
    double maxDrift,
    Optional<Double> maxRowDelta,
    boolean allowIncomplete) {
  public static final CanaryOptions DEFAULT =
      new CanaryOptions(3, Optional.empty(), Optional.empty(), 0.2, Optional.empty(), false);
}
