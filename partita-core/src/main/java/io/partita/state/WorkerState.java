package io.partita.state;

import java.util.Locale;

/** Where a registered worker is in its life. */
public enum WorkerState {
  /** Heartbeating; may hold claims. */
  LIVE,
  /** Left cleanly: finished or handed back its tasks. */
  STOPPED,
  /**
   * Missed its heartbeat for longer than {@code worker_timeout}; its claims go back to the queue.
   */
  DEAD;

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
