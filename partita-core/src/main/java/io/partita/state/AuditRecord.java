package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * One row of the append-only audit log: the start or the end of one attempt of one task. The flat
 * accessors below read through to the parts, so callers need not know how the row is grouped.
 *
 * @param id the row's position in the log, assigned by the store; 0 before it is appended
 * @param run the run, its origin and the code that executed it
 * @param task the partition, version and attempt
 * @param outcome status, inputs, rows, checks and error
 */
public record AuditRecord(
    long id,
    AuditEvent event,
    AuditRun run,
    AuditTask task,
    AuditOutcome outcome,
    AuditTimes times) {
  public AuditRecord {
    requireNonNull(event, "event is null");
    requireNonNull(run, "run is null");
    requireNonNull(task, "task is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(times, "times is null");
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
        run,
        task,
        new AuditOutcome(status, outcome.inputs(), outcome.rowsRead(), rowsWritten, checks, error),
        new AuditTimes(times.startedAt(), Optional.of(finishedAt), finishedAt));
  }

  public String runId() {
    return run.runId();
  }

  public RunKind runKind() {
    return run.origin().kind();
  }

  public String actor() {
    return run.origin().actor();
  }

  public Optional<String> reason() {
    return run.origin().reason();
  }

  public String snapshotHash() {
    return run.origin().snapshotHash();
  }

  public Optional<String> gitCommit() {
    return run.origin().gitCommit();
  }

  public String partitaVersion() {
    return run.partitaVersion();
  }

  public String engineVersion() {
    return run.engineVersion();
  }

  /** The worker that executed the attempt; empty when the run's own process did. */
  public Optional<String> worker() {
    return run.worker();
  }

  public String asset() {
    return task.asset();
  }

  public String version() {
    return task.version();
  }

  public String partition() {
    return task.partition();
  }

  public int attempt() {
    return task.attempt();
  }

  public LocalDateTime windowStart() {
    return task.windowStart();
  }

  public LocalDateTime windowEnd() {
    return task.windowEnd();
  }

  public String writeMode() {
    return task.writeMode();
  }

  public String status() {
    return outcome.status();
  }

  public List<AuditInput> inputs() {
    return outcome.inputs();
  }

  public Optional<Long> rowsRead() {
    return outcome.rowsRead();
  }

  public Optional<Long> rowsWritten() {
    return outcome.rowsWritten();
  }

  public List<AuditCheck> checks() {
    return outcome.checks();
  }

  public Optional<String> error() {
    return outcome.error();
  }

  public Instant startedAt() {
    return times.startedAt();
  }

  public Optional<Instant> finishedAt() {
    return times.finishedAt();
  }

  public Instant recordedAt() {
    return times.recordedAt();
  }
}
