package io.partita.state;

import java.util.List;

/** The tasks of runs. */
public interface TaskStore {
  /** Stores the tasks of a new run in one transaction. */
  void createAll(List<TaskRecord> tasks);

  /** Replaces the stored task with the same (runId, asset, partition). */
  void update(TaskRecord task);

  /**
   * Replaces the task and puts the partition's latest state in one transaction, so the grid and
   * the run never disagree.
   */
  void update(TaskRecord task, PartitionState partition);

  /** The run's tasks in the order they were created. */
  List<TaskRecord> list(String runId);
}
