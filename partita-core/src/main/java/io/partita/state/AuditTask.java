package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;

/**
 * The task attempt an audit row describes: which partition of which version, how it was written.
 */
public record AuditTask(
    String asset,
    String version,
    String partition,
    int attempt,
    LocalDateTime windowStart,
    LocalDateTime windowEnd,
    String writeMode) {
  public AuditTask {
    requireNonNull(asset, "asset is null");
    requireNonNull(version, "version is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(windowStart, "windowStart is null");
    requireNonNull(windowEnd, "windowEnd is null");
    requireNonNull(writeMode, "writeMode is null");
  }
}
