package io.partita.state;

import static java.util.Objects.requireNonNull;

/**
 * The partitions one asset of a run really covers: {@code partitions} is a compact spec ({@code
 * 2025-01-30..2025-02-28}, or ranges and keys joined by commas when there are gaps), {@code tasks}
 * how many there are, and {@code extra} the part outside the requested partitions (upstream
 * partitions that a dependency window reads and that were missing), {@code ""} if none.
 */
public record AssetRange(String asset, String partitions, int tasks, String extra) {
  public AssetRange {
    requireNonNull(asset, "asset is null");
    requireNonNull(partitions, "partitions is null");
    requireNonNull(extra, "extra is null");
    if (tasks < 1) {
      throw new IllegalArgumentException("an asset range has at least one task, got " + tasks);
    }
  }
}
