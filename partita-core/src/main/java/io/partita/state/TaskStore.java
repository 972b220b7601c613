package io.partita.state;

import java.util.List;
import java.util.Map;

/** The tasks of runs. */
public interface TaskStore {
  /** Stores the tasks of a new run in one transaction. */
  void createAll(List<TaskRecord> tasks);

  /** Replaces the stored task with the same (runId, asset, partition). */
  void update(TaskRecord task);

  /**
   * Replaces the task and puts the partition's latest state in one transaction, so the grid and the
   * run never disagree.
   */
  void update(TaskRecord task, PartitionState partition);

  /** The run's tasks in the order they were created. */
  List<TaskRecord> list(String runId);

  /**
   * The status of the newest task of each partition of {@code asset}, by partition key: the task of
   * the most recently created run that planned the partition.
   */
  Map<String, TaskStatus> latestStatuses(String asset);
}
