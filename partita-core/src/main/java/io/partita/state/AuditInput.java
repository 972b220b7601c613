package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One partition a task attempt read.
 *
 * @param version the physical version of the input asset; empty string for the live version
 * @param runId the run that last wrote the partition when the attempt started, empty when no run of
 *     this store wrote it (e.g. it was never materialized)
 * @param rows rows in that partition after its last write, when known
 */
public record AuditInput(
    String asset, String version, String partition, Optional<String> runId, Optional<Long> rows) {
  public AuditInput {
    requireNonNull(asset, "asset is null");
    requireNonNull(version, "version is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(rows, "rows is null");
  }
}
