package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One run as stored.
 *
 * @param origin its kind, definitions snapshot, actor and reason
 * @param liveness the process executing it, its heartbeat and a pending control request
 */
public record RunRecord(
    String id,
    RunStatus status,
    RunOptions options,
    RunOrigin origin,
    Instant createdAt,
    Optional<Instant> finishedAt,
    RunLiveness liveness) {
  public RunRecord {
    requireNonNull(id, "id is null");
    requireNonNull(status, "status is null");
    requireNonNull(options, "options is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(liveness, "liveness is null");
  }

  /** A new run: queued, not finished, owned by nobody. */
  public static RunRecord queued(
      String id, RunOptions options, RunOrigin origin, Instant createdAt) {
    return new RunRecord(
        id, RunStatus.QUEUED, options, origin, createdAt, Optional.empty(), RunLiveness.NONE);
  }

  public RunKind kind() {
    return origin.kind();
  }

  public String snapshotHash() {
    return origin.snapshotHash();
  }

  public Optional<String> gitCommit() {
    return origin.gitCommit();
  }

  public String actor() {
    return origin.actor();
  }

  public Optional<String> reason() {
    return origin.reason();
  }

  /** {@code host:pid} of the process executing it, empty when none. */
  public Optional<String> owner() {
    return liveness.owner();
  }

  /** The owner's last sign of life; a RUNNING run with a stale heartbeat has died. */
  public Optional<Instant> heartbeatAt() {
    return liveness.heartbeatAt();
  }

  public ControlRequest control() {
    return liveness.control();
  }
}
