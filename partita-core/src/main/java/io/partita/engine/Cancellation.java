package io.partita.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets the executor stop a running task (timeout, cancel). The engine registers how to stop what it
 * is doing (cancel a statement, kill a process); {@link #cancel} runs those actions once.
 * Thread-safe.
 */
public final class Cancellation {
  private final List<Runnable> actions = new ArrayList<>();
  private String reason;

  /** Registers an action; runs it at once if already cancelled. */
  public void onCancel(Runnable action) {
    boolean runNow;
    synchronized (this) {
      runNow = reason != null;
      if (!runNow) {
        actions.add(action);
      }
    }
    if (runNow) {
      action.run();
    }
  }

  public void cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      toRun = List.copyOf(actions);
      actions.clear();
    }
    for (Runnable action : toRun) {
      try {
        action.run();
      } catch (RuntimeException ignored) {
        // Best effort: the statement or process may already be gone.
      }
    }
  }

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled, or null. */
  public synchronized String reason() {
    return reason;
  }
}
