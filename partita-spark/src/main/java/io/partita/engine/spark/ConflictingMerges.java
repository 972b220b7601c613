package io.partita.engine.spark;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Runs a {@code MERGE INTO} again when Iceberg refused to commit it because the table changed since
 * the MERGE read it.
 *
 * <p>Why: a MERGE on the unique key reads all of main (the join has no partition filter), so
 * Iceberg's serializable validation rejects its commit when another worker committed any partition
 * of the same table in between ("Found conflicting files that can contain records matching true").
 * Leases guarantee that no other worker writes <em>this</em> partition, so such a conflict is
 * always another partition's commit. The retry is the whole statement, not the commit: Spark plans
 * it anew, reads main at its new snapshot and validates against commits after that one, so a real
 * conflict is still caught and nothing is overwritten blindly. A {@code
 * CommitStateUnknownException} (the commit may have landed) is never retried.
 */
final class ConflictingMerges {
  static final int ATTEMPTS = 8;
  private static final long FIRST_BACKOFF_MILLIS = 50;

  private final BranchCommits.Sleeper sleeper;

  ConflictingMerges(BranchCommits.Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  static ConflictingMerges standard() {
    return new ConflictingMerges(Thread::sleep);
  }

  /** Runs {@code merge}, again while it loses to other commits, up to {@value #ATTEMPTS} times. */
  <T> T run(Callable<T> merge) throws Exception {
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        return merge.call();
      } catch (Exception e) {
        if (attempt >= ATTEMPTS || !lostToAnotherCommit(e)) {
          throw e;
        }
      }
      sleeper.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      backoff = Math.min(backoff * 2, 2_000);
    }
  }

  /**
   * Whether {@code e} says the commit did not land because of a concurrent commit: Iceberg's
   * conflict validation, or its own commit retries running out.
   */
  static boolean lostToAnotherCommit(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CommitFailedException) {
        return true;
      }
      if (cause instanceof ValidationException
          && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("conflicting")) {
        return true;
      }
    }
    return false;
  }
}
