package io.partita.state;

import static java.util.Objects.requireNonNull;

/**
 * The run an audit row belongs to and the code it ran: the run's origin (kind, definitions
 * snapshot, git commit, actor, reason) and the Partita and engine versions that executed it.
 */
public record AuditRun(
    String runId, RunOrigin origin, String partitaVersion, String engineVersion) {
  public AuditRun {
    requireNonNull(runId, "runId is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(partitaVersion, "partitaVersion is null");
    requireNonNull(engineVersion, "engineVersion is null");
  }
}
