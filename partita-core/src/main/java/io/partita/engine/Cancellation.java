package io.partita.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets the executor stop a running task (timeout, cancel). The engine registers how to stop what it
 * is doing (cancel a statement, kill a process); {@link #cancel} runs those actions once. It also
 * carries the executor's permit to commit: the attempt's start record may still be committing to
 * the state store while the engine computes, and nothing durable may be committed before it is (a
 * kill -9 must never leave a write without its attempt). Thread-safe.
 */
public final class Cancellation {
  private final List<Runnable> actions = new ArrayList<>();
  private String reason;
  private volatile java.util.concurrent.CompletableFuture<?> commitPermit =
      java.util.concurrent.CompletableFuture.completedFuture(null);

  /** Holds {@link #awaitCommitPermit} until {@code permit} completes. */
  public void holdCommitsUntil(java.util.concurrent.CompletableFuture<?> permit) {
    this.commitPermit = permit;
  }

  /**
   * Called by the engine (and the executor) right before the attempt commits anything durable:
   * returns once the permit is granted; throws the reason it was not (the start record could not be
   * stored), in which case the caller rolls back.
   */
  public void awaitCommitPermit() {
    try {
      commitPermit.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

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
