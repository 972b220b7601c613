package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One row of the append-only audit log: the start or the end of one attempt of one task.
 *
 * @param id the row's position in the log, assigned by the store; 0 before it is appended
 * @param status the task's status when the row was written ({@code running} for START rows)
 * @param rowsRead rows of the input partitions, as recorded when they were written
 */
public record AuditRecord(
    long id,
    AuditEvent event,
    String runId,
    RunKind runKind,
    int attempt,
    String actor,
    Optional<String> reason,
    String snapshotHash,
    Optional<String> gitCommit,
    String partitaVersion,
    String engineVersion,
    String asset,
    String version,
    String partition,
    LocalDateTime windowStart,
    LocalDateTime windowEnd,
    String writeMode,
    String status,
    List<AuditInput> inputs,
    Optional<Long> rowsRead,
    Optional<Long> rowsWritten,
    List<AuditCheck> checks,
    Instant startedAt,
    Optional<Instant> finishedAt,
    Optional<String> error,
    Instant recordedAt) {
  public AuditRecord {
    requireNonNull(event, "event is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(runKind, "runKind is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(snapshotHash, "snapshotHash is null");
    requireNonNull(gitCommit, "gitCommit is null");
    requireNonNull(partitaVersion, "partitaVersion is null");
    requireNonNull(engineVersion, "engineVersion is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(version, "version is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(windowStart, "windowStart is null");
    requireNonNull(windowEnd, "windowEnd is null");
    requireNonNull(writeMode, "writeMode is null");
    requireNonNull(status, "status is null");
    inputs = List.copyOf(inputs);
    requireNonNull(rowsRead, "rowsRead is null");
    requireNonNull(rowsWritten, "rowsWritten is null");
    checks = List.copyOf(checks);
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(error, "error is null");
    requireNonNull(recordedAt, "recordedAt is null");
  }

  /** The same row as the end of the attempt. */
  public AuditRecord ended(
      String status,
      Optional<Long> rowsWritten,
      List<AuditCheck> checks,
      Instant finishedAt,
      Optional<String> error) {
    return new AuditRecord(
        0,
        AuditEvent.END,
        runId,
        runKind,
        attempt,
        actor,
        reason,
        snapshotHash,
        gitCommit,
        partitaVersion,
        engineVersion,
        asset,
        version,
        partition,
        windowStart,
        windowEnd,
        writeMode,
        status,
        inputs,
        rowsRead,
        rowsWritten,
        checks,
        startedAt,
        Optional.of(finishedAt),
        error,
        finishedAt);
  }
}
