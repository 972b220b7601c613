package io.partita.engine.spark;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Changes to a table's branches (create, fast-forward, rename, remove) that survive other
 * processes' commits to the same table.
 *
 * <p>Why: every commit to an Iceberg table swaps the table's one metadata pointer, so two workers
 * publishing <em>different</em> partitions of one table still race. Iceberg retries data commits
 * itself, but not ref changes: {@code manageSnapshots()} reads the refs when it is made, and when
 * another commit lands before its own, Iceberg's retry cannot re-apply it ("Table metadata refresh
 * is required") and throws {@link CommitFailedException}. So each attempt here refreshes the table,
 * decides its change against the fresh refs, and commits; a lost race (the pointer moved, nothing
 * of ours landed) is retried after a jittered backoff, up to {@value #ATTEMPTS} attempts. {@code
 * CommitStateUnknownException} is not retried: the change may have landed.
 *
 * <p>Thread-safe; callers still hold {@link IcebergTables#lock} so that this process's own commits
 * do not race each other.
 */
final class BranchCommits {
  static final int ATTEMPTS = 12;
  private static final long FIRST_BACKOFF_MILLIS = 20;
  private static final long MAX_BACKOFF_MILLIS = 1_000;

  /** Decides the change against the freshly refreshed table; returns what the caller needs. */
  @FunctionalInterface
  interface Change<T> {
    T decide(Table fresh, Refs refs);
  }

  /** Sleeps the given milliseconds (tests pass one that does not). */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final Sleeper sleeper;
  private final LongUnaryOperator jitter;

  BranchCommits(Sleeper sleeper, LongUnaryOperator jitter) {
    this.sleeper = sleeper;
    this.jitter = jitter;
  }

  /** Real sleeps, jitter between half and all of each backoff. */
  static BranchCommits standard() {
    return new BranchCommits(
        Thread::sleep,
        backoff -> backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
  }

  /**
   * Commits the ref changes {@code change} makes, retrying lost races; nothing is committed when it
   * makes none.
   *
   * @throws CommitFailedException when every attempt lost its race
   */
  <T> T commit(Table table, String what, Change<T> change) {
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      table.refresh();
      Refs refs = new Refs(table);
      T result = change.decide(table, refs);
      try {
        refs.commit();
        return result;
      } catch (CommitFailedException lost) {
        if (attempt >= ATTEMPTS) {
          throw new CommitFailedException(
              lost,
              "Cannot %s on table %s: lost the race to other commits %d times",
              what,
              table.name(),
              attempt);
        }
      }
      try {
        sleeper.sleep(jitter.applyAsLong(backoff));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommitFailedException(e, "Interrupted while retrying to %s", what);
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
  }

  /** The ref changes of one attempt, made on one {@link ManageSnapshots} of the fresh table. */
  static final class Refs {
    private final Table table;
    private ManageSnapshots pending;

    private Refs(Table table) {
      this.table = table;
    }

    private ManageSnapshots pending() {
      if (pending == null) {
        pending = table.manageSnapshots();
      }
      return pending;
    }

    Refs createBranch(String branch, long snapshotId) {
      pending().createBranch(branch, snapshotId);
      return this;
    }

    Refs fastForwardMain(String branch) {
      pending().fastForwardBranch(org.apache.iceberg.SnapshotRef.MAIN_BRANCH, branch);
      return this;
    }

    Refs renameBranch(String branch, String newName) {
      pending().renameBranch(branch, newName);
      return this;
    }

    /** Removes {@code branch} if it is still there (another process may have removed it). */
    Refs removeBranchIfPresent(String branch) {
      if (table.refs().containsKey(branch)) {
        pending().removeBranch(branch);
      }
      return this;
    }

    private void commit() {
      if (pending != null) {
        pending.commit();
      }
    }
  }
}
