package io.partita.state;

import java.util.Locale;

/** The state of one (asset, partition) task inside a run. */
public enum TaskStatus {
  QUEUED,
  RUNNING,
  /** Failed an attempt and waits for its backoff before the next one. */
  RETRYING,
  /**
   * Computed and checked, waiting to be published with the rest of an atomic run; downstream tasks
   * may start (they read it through the run's overlay). Becomes SUCCEEDED at publish.
   */
  STAGED,
  SUCCEEDED,
  FAILED,
  UPSTREAM_FAILED,
  /** Staged, but a check of severity error failed: not published; the rows are quarantined. */
  FAILED_CHECKS,
  /** Not run because the run was cancelled. */
  CANCELLED,
  /** Not needed: {@code --reprocess missing|failed} found it already materialized. */
  SKIPPED;

  public boolean isTerminal() {
    return this == SUCCEEDED
        || this == FAILED
        || this == FAILED_CHECKS
        || this == UPSTREAM_FAILED
        || this == CANCELLED
        || this == SKIPPED;
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskStatus parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
