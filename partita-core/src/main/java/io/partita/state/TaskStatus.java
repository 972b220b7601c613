package io.partita.state;

import java.util.Locale;

/** The state of one (asset, partition) task inside a run. */
public enum TaskStatus {
  QUEUED,
  RUNNING,
  /** Failed an attempt and waits for its backoff before the next one. */
  RETRYING,
  SUCCEEDED,
  FAILED,
  UPSTREAM_FAILED,
  /** Not run because the run was cancelled. */
  CANCELLED,
  /** Not needed: {@code --reprocess missing|failed} found it already materialized. */
  SKIPPED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == UPSTREAM_FAILED || this == CANCELLED || this == SKIPPED;
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskStatus parse(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
