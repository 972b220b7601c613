package io.partita.exec;

import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.publish.VersionTargets;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks of one executing run by plan id, and where their states are written: the task row, the
 * partition state of the version the run writes, and the listener. Workers store the start of the
 * attempts they run; only the coordinator thread saves their ends.
 */
final class TaskLedger {
  private final RunRecord run;
  private final Plan plan;
  private final StateStore state;
  private final Clock clock;
  private final RunListener listener;
  private final VersionTargets targets;
  private final TaskRecord[] records;
  // Each task's partition state before the run's attempts: put back when the task ends without
  // publishing, so the grid does not show a partition "running" that nobody runs. Read once per
  // asset when the ledger is made (the run's leases keep other runs off these partitions), not by
  // each worker before its task, where the read waited for the coordinator's commits.
  private final Map<Integer, PartitionState> beforeRun = new HashMap<>();
  // Ends saved by saveLater and not stored yet; coordinator thread only.
  private final List<Ended> unstored = new java.util.ArrayList<>();

  TaskLedger(
      RunContext context, List<TaskRecord> stored, RunListener listener, VersionTargets targets) {
    this.run = context.run();
    this.plan = context.plan();
    this.state = context.state();
    this.clock = context.clock();
    this.listener = listener;
    this.targets = targets;
    this.records = new TaskRecord[plan.size()];
    Map<String, TaskRecord> byKey = new HashMap<>();
    for (TaskRecord record : stored) {
      byKey.put(record.asset() + "\u0000" + record.partition(), record);
    }
    for (TaskNode task : plan.tasks()) {
      TaskRecord record = byKey.get(task.asset() + "\u0000" + task.partition().key());
      if (record == null) {
        throw new IllegalStateException(
            "Run " + run.id() + " has no stored task " + task.asset() + " " + task.partition());
      }
      records[task.id()] = record;
    }
    readStatesBefore();
  }

  private void readStatesBefore() {
    Map<String, List<TaskNode>> byAsset = new java.util.LinkedHashMap<>();
    for (TaskNode task : plan.tasks()) {
      byAsset.computeIfAbsent(task.asset(), a -> new java.util.ArrayList<>()).add(task);
    }
    byAsset.forEach(
        (asset, tasks) -> {
          Map<String, PartitionState> byKey = new HashMap<>();
          for (PartitionState partition : statesOf(asset, tasks)) {
            byKey.put(partition.partition(), partition);
          }
          for (TaskNode task : tasks) {
            PartitionState before = byKey.get(task.partition().key());
            if (before != null) {
              beforeRun.put(task.id(), before);
            }
          }
        });
  }

  /** The stored states of the asset's partitions from the first task's to the last's (or more). */
  private List<PartitionState> statesOf(String asset, List<TaskNode> tasks) {
    if (!targets.isLive(asset)) {
      return state.versions().partitions(asset, targets.version(asset));
    }
    // Keys of one grain are fixed-width and zero-padded, so string order is time order.
    String first = tasks.get(0).partition().key();
    String last = first;
    for (TaskNode task : tasks) {
      String key = task.partition().key();
      first = key.compareTo(first) < 0 ? key : first;
      last = key.compareTo(last) > 0 ? key : last;
    }
    return state.partitions().list(asset, first, last);
  }

  int size() {
    return records.length;
  }

  TaskRecord get(int id) {
    return records[id];
  }

  /** Replaces the task in memory only (a started attempt is stored by {@link #store}). */
  void set(int id, TaskRecord record) {
    records[id] = record;
  }

  List<TaskRecord> all() {
    return Arrays.asList(records.clone());
  }

  /**
   * Stores the RUNNING records of attempts about to start ({@code started}, one per task), each
   * with its partition's RUNNING state and what the listener writes for it (the audit START row),
   * in one transaction committed before the attempts do any work (a SIGKILL leaves all of them or
   * none, never an attempt without its START row), then reports them started. Called by the worker
   * that runs them.
   */
  void start(List<TaskNode> tasks, List<TaskRecord> started) {
    TaskRecord first = started.get(0);
    state.together(
        "store the start of "
            + first.asset()
            + " "
            + first.partition()
            + (started.size() == 1 ? "" : " and " + (started.size() - 1) + " more"),
        () -> {
          for (int i = 0; i < tasks.size(); i++) {
            listener.taskStarting(started.get(i));
            store(
                started.get(i),
                partitionState(tasks.get(i), PartitionStatus.RUNNING, Optional.empty()));
          }
        });
    started.forEach(listener::taskStarted);
  }

  /** Keeps, stores (with the partition state when given) and reports a task's new state. */
  void save(int id, TaskRecord record, PartitionState partition) {
    save(id, record, partition, null);
  }

  /**
   * {@link #save(int, TaskRecord, PartitionState)} of a published partition: its metrics commit in
   * the same transaction as its new state (none when {@code metrics} is null).
   */
  void save(int id, TaskRecord record, PartitionState partition, Map<String, Double> metrics) {
    records[id] = record;
    Ended ended = new Ended(record, partition, metrics);
    state.together(
        "store the end of " + record.asset() + " " + record.partition(), () -> storeEnd(ended));
    listener.taskFinished(record);
  }

  /**
   * {@link #save(int, TaskRecord, PartitionState, Map)} of a published partition, kept in memory at
   * once and stored by the next {@link #storeEnds}: the coordinator first starts the tasks that are
   * ready, so their START commits overlap this end's commit instead of waiting for it. A SIGKILL
   * before {@link #storeEnds} leaves the task RUNNING in the store; resume finds its publish in the
   * warehouse's publish log and records it succeeded without running it again, as for a kill
   * between the publish and its end.
   */
  void saveLater(int id, TaskRecord record, PartitionState partition, Map<String, Double> metrics) {
    records[id] = record;
    unstored.add(new Ended(record, partition, metrics));
  }

  /** Stores the ends kept by {@link #saveLater}, all in one transaction, then reports them. */
  void storeEnds() {
    if (unstored.isEmpty()) {
      return;
    }
    List<Ended> ends = List.copyOf(unstored);
    unstored.clear();
    TaskRecord first = ends.get(0).record();
    state.together(
        "store the end of "
            + first.asset()
            + " "
            + first.partition()
            + (ends.size() == 1 ? "" : " and " + (ends.size() - 1) + " more"),
        () -> ends.forEach(this::storeEnd));
    ends.forEach(ended -> listener.taskFinished(ended.record()));
  }

  private void storeEnd(Ended ended) {
    TaskRecord record = ended.record();
    store(record, ended.partition());
    if (ended.metrics() != null) {
      state
          .checks()
          .putMetrics(
              record.asset(),
              record.partition(),
              record.runId(),
              ended.metrics(),
              record.finishedAt().orElseGet(clock::instant));
    }
    listener.taskStoring(record);
  }

  /** A task's end to store: metrics null when it has none. */
  private record Ended(TaskRecord record, PartitionState partition, Map<String, Double> metrics) {}

  /** Writes the task and, when given, the partition state of the version the run writes. */
  void store(TaskRecord record, PartitionState partition) {
    if (partition == null) {
      state.tasks().update(record);
    } else if (targets.isLive(record.asset())) {
      state.tasks().update(record, partition);
    } else {
      // A rebuild into a version nobody reads yet: its partition states wait for promote.
      state.tasks().update(record);
      state.versions().putPartition(targets.version(record.asset()), partition);
    }
  }

  PartitionState partitionState(TaskNode task, PartitionStatus status, Optional<Long> rows) {
    return new PartitionState(
        task.asset(),
        task.partition().key(),
        status,
        rows,
        run.id(),
        Optional.of(run.snapshotHash()),
        clock.instant());
  }

  /** The partition's state from before this run's task started, or MISSING when it had none. */
  PartitionState stateBefore(int id, TaskNode task) {
    PartitionState before = beforeRun.get(id);
    return before != null
        ? before
        : partitionState(task, PartitionStatus.MISSING, Optional.empty());
  }

  boolean isDone(int id) {
    return records[id].status().isTerminal() || records[id].status() == TaskStatus.STAGED;
  }

  boolean isSucceeded(int id) {
    TaskStatus status = records[id].status();
    return status == TaskStatus.SUCCEEDED
        || status == TaskStatus.SKIPPED
        || status == TaskStatus.STAGED;
  }

  boolean failedAny() {
    return Arrays.stream(records)
        .anyMatch(
            r ->
                r.status() == TaskStatus.FAILED
                    || r.status() == TaskStatus.FAILED_CHECKS
                    || r.status() == TaskStatus.UPSTREAM_FAILED);
  }
}
