package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs handed by a CLI process to a server that owns the warehouse. The CLI requests, one server
 * takes (compare-and-swap: {@code false} means another server or a withdrawal won), executes and
 * finishes; the CLI follows the run meanwhile. Every method is atomic.
 */
public interface HandoffStore {
  /**
   * One handoff.
   *
   * @param takenBy {@code host:pid} of the server executing the run, empty while pending
   * @param errorCategory name of the {@link io.partita.ErrorCategory} when the server could not
   *     execute the run (e.g. CONFLICT on a lease), with {@code error} its message
   */
  record Handoff(
      String runId,
      String requestedBy,
      Instant requestedAt,
      Optional<String> takenBy,
      Optional<Instant> takenAt,
      Optional<Instant> finishedAt,
      Optional<String> errorCategory,
      Optional<String> error) {
    public Handoff {
      requireNonNull(runId, "runId is null");
      requireNonNull(requestedBy, "requestedBy is null");
      requireNonNull(requestedAt, "requestedAt is null");
    }

    public boolean isPending() {
      return takenBy.isEmpty();
    }

    public boolean isFinished() {
      return finishedAt.isPresent();
    }
  }

  /**
   * Asks a server to execute the run. Replaces a finished or pending earlier handoff of the same
   * run; false (and nothing changes) when a server is executing it now.
   */
  boolean request(String runId, String requestedBy, Instant at);

  Optional<Handoff> find(String runId);

  /** Handoffs no server has taken yet, oldest first. */
  List<Handoff> pending();

  /** Makes {@code server} the executor of a pending handoff; false when it is no longer pending. */
  boolean take(String runId, String server, Instant at);

  /** Withdraws a pending handoff (the CLI gave up or runs it itself); false when already taken. */
  boolean withdraw(String runId);

  /** Records that the server stopped executing the run, with the error if it could not. */
  void finish(String runId, Instant at, Optional<String> errorCategory, Optional<String> error);
}
