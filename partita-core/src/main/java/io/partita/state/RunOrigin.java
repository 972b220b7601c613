package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a run came to be: what kind of run, from which definitions, started by whom and why. Shared
 * by the run and by every audit row of its tasks.
 *
 * @param snapshotHash the definitions snapshot the run executes
 * @param gitCommit the project's git commit when the run was created, if it is a git checkout
 */
public record RunOrigin(
    RunKind kind,
    String snapshotHash,
    Optional<String> gitCommit,
    String actor,
    Optional<String> reason) {
  public RunOrigin {
    requireNonNull(kind, "kind is null");
    requireNonNull(snapshotHash, "snapshotHash is null");
    requireNonNull(gitCommit, "gitCommit is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(reason, "reason is null");
  }
}
