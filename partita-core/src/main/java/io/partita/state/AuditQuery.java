package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** Which audit rows to list; empty fields do not filter. */
public record AuditQuery(
    Optional<String> runId,
    Optional<String> asset,
    Optional<String> partition,
    Optional<Instant> since,
    int limit) {
  public AuditQuery {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(since, "since is null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
  }

  public static AuditQuery all() {
    return new AuditQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
  }

  public static AuditQuery ofRun(String runId) {
    return new AuditQuery(
        Optional.of(runId),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Integer.MAX_VALUE);
  }

  public static AuditQuery ofPartition(String asset, String partition) {
    return new AuditQuery(
        Optional.empty(),
        Optional.of(asset),
        Optional.of(partition),
        Optional.empty(),
        Integer.MAX_VALUE);
  }
}
