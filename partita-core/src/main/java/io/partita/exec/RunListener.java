package io.partita.exec;

import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;

/**
 * Progress of a run, for progress bars and logs. Called from the run's coordinator thread; must
 * return quickly. The core never prints: the CLI implements this.
 */
public interface RunListener {
  default void runStarted(RunRecord run, int totalTasks, int alreadyDone) {}

  default void taskStarted(TaskRecord task) {}

  /** A task reached a final state, or failed an attempt and will retry. */
  default void taskFinished(TaskRecord task) {}

  default void runFinished(RunResult result) {}

  RunListener NONE = new RunListener() {};
}
