package io.partita.exec;

import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;

/**
 * Progress of a run, for progress bars and logs. {@link #taskStarted} is called from worker
 * threads, the other methods from the run's coordinator thread: implementations must be thread-safe
 * and return quickly. The core never prints: the CLI implements this.
 */
public interface RunListener {
  default void runStarted(RunRecord run, int totalTasks, int alreadyDone) {}

  /**
   * Inside the state-store transaction that stores an attempt's RUNNING record (before {@link
   * #taskStarted}, on a worker thread): may only write to the state store, and what it writes
   * commits with the record, before the attempt does any work. Throwing rolls the record back and
   * fails the attempt.
   */
  default void taskStarting(TaskRecord task) {}

  /** An attempt's RUNNING record committed; its work starts now. */
  default void taskStarted(TaskRecord task) {}

  /**
   * Inside the state-store transaction that stores a task's new record (before {@link
   * #taskFinished}): may only write to the state store, and what it writes commits with the record.
   * Throwing rolls the record back.
   */
  default void taskStoring(TaskRecord task) {}

  /** A task reached a final state, or failed an attempt and will retry. */
  default void taskFinished(TaskRecord task) {}

  default void runFinished(RunResult result) {}

  RunListener NONE = new RunListener() {};
}
