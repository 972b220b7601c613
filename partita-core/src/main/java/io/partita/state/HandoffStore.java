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
   * @param ending when the server stopped executing the run, and why it could not, if it could not
   */
  record Handoff(
      String runId,
      String requestedBy,
      Instant requestedAt,
      Optional<String> takenBy,
      Optional<Instant> takenAt,
      Ending ending) {
    public Handoff {
      requireNonNull(runId, "runId is null");
      requireNonNull(requestedBy, "requestedBy is null");
      requireNonNull(requestedAt, "requestedAt is null");
      requireNonNull(ending, "ending is null");
    }

    public boolean isPending() {
      return takenBy.isEmpty();
    }

    public boolean isFinished() {
      return ending.finishedAt().isPresent();
    }

    public Optional<Instant> finishedAt() {
      return ending.finishedAt();
    }

    /** Name of the {@link io.partita.ErrorCategory} when the server could not execute the run. */
    public Optional<String> errorCategory() {
      return ending.errorCategory();
    }

    public Optional<String> error() {
      return ending.error();
    }
  }

  /**
   * How a server stopped executing a handed-off run.
   *
   * @param errorCategory name of the {@link io.partita.ErrorCategory} when the server could not
   *     execute the run (e.g. CONFLICT on a lease), with {@code error} its message
   */
  record Ending(
      Optional<Instant> finishedAt, Optional<String> errorCategory, Optional<String> error) {}

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
