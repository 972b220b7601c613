package io.partita.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * Claims the first queued task of {@code runId} in creation order: moves it to RUNNING, counts
   * the attempt and stamps {@code at} as its start, in one transaction. Of several processes
   * claiming at once each gets a different task (or none), and none waits for another's claim; a
   * task stored in another status (e.g. SUCCEEDED) is never handed out.
   *
   * @return the claimed task as now stored; empty when no task of the run is queued
   */
  Optional<TaskRecord> claimNext(String runId, Instant at);

  /** The run's tasks in the order they were created. */
  List<TaskRecord> list(String runId);

  /** One task of the run, as stored now. */
  default Optional<TaskRecord> find(String runId, String asset, String partition) {
    return list(runId).stream()
        .filter(t -> t.asset().equals(asset) && t.partition().equals(partition))
        .findFirst();
  }

  /**
   * The status of the newest task of each partition of {@code asset}, by partition key: the task of
   * the most recently created run that planned the partition.
   */
  Map<String, TaskStatus> latestStatuses(String asset);
}
