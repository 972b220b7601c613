package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The run an audit row belongs to and the code it ran: the run's origin (kind, definitions
 * snapshot, git commit, actor, reason) and the Partita and engine versions that executed it.
 *
 * @param worker the worker ({@code partita worker}, or a backfill working as one) that executed the
 *     attempt; empty when the process that owned the run executed it
 */
public record AuditRun(
    String runId,
    RunOrigin origin,
    String partitaVersion,
    String engineVersion,
    Optional<String> worker) {
  public AuditRun {
    requireNonNull(runId, "runId is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(partitaVersion, "partitaVersion is null");
    requireNonNull(engineVersion, "engineVersion is null");
    requireNonNull(worker, "worker is null");
  }

  /** An attempt executed by the process that owns the run, not by a worker. */
  public AuditRun(String runId, RunOrigin origin, String partitaVersion, String engineVersion) {
    this(runId, origin, partitaVersion, engineVersion, Optional.empty());
  }
}
