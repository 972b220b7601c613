package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One run as stored.
 *
 * @param owner {@code host:pid} of the process executing it, empty when none
 * @param heartbeatAt the owner's last sign of life; a RUNNING run with a stale heartbeat has died
 */
public record RunRecord(
    String id,
    RunKind kind,
    RunStatus status,
    RunOptions options,
    String snapshotHash,
    Optional<String> gitCommit,
    String actor,
    Optional<String> reason,
    Instant createdAt,
    Optional<Instant> finishedAt,
    Optional<String> owner,
    Optional<Instant> heartbeatAt,
    ControlRequest control) {
  public RunRecord {
    requireNonNull(id, "id is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(status, "status is null");
    requireNonNull(options, "options is null");
    requireNonNull(snapshotHash, "snapshotHash is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(control, "control is null");
  }
}
