package io.partita.exec;

import io.partita.config.Pipeline;
import io.partita.lineage.LineageRecorder;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.RunRecord;
import io.partita.state.TaskRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hooks the lineage recorder into a run's execution through the {@link RunListener} callbacks, so
 * {@link RunExecution} needs no change: {@link #taskStarting} appends the attempt's START row in
 * the transaction that stores its RUNNING state, on the worker before the attempt's work (a failure
 * to write it fails the attempt), {@link #taskStarted} emits its event after that commit; {@link
 * #taskStoring} appends the END row with the task's outcome, {@link #taskFinished} emits after.
 * Then forwards to the caller's listener.
 */
final class LineageListener implements RunListener {
  private final LineageRecorder recorder;
  private final RunListener next;
  private final Pipeline pipeline;
  private final Optional<WriteMode> writeModeOverride;
  private final Map<String, PartitionKey> partitions = new HashMap<>();

  LineageListener(
      LineageRecorder recorder, RunListener next, Pipeline pipeline, Plan plan, RunRecord run) {
    this.recorder = recorder;
    this.next = next;
    this.pipeline = pipeline;
    this.writeModeOverride = run.options().writeMode().map(WriteMode::parse);
    for (TaskNode task : plan.tasks()) {
      partitions.put(task.asset() + "\u0000" + task.partition().key(), task.partition());
    }
  }

  @Override
  public void runStarted(RunRecord run, int totalTasks, int alreadyDone) {
    recorder.runStarted();
    next.runStarted(run, totalTasks, alreadyDone);
  }

  @Override
  public void taskStarting(TaskRecord task) {
    PartitionKey partition = partitions.get(task.asset() + "\u0000" + task.partition());
    WriteMode mode = writeModeOverride.orElse(pipeline.asset(task.asset()).writeMode());
    recorder.attemptStoring(
        task.asset(), partition, task.attempts(), task.startedAt().orElseThrow(), mode);
    next.taskStarting(task);
  }

  @Override
  public void taskStarted(TaskRecord task) {
    recorder.attemptStored(task.asset(), task.partition(), task.attempts());
    next.taskStarted(task);
  }

  @Override
  public void taskStoring(TaskRecord task) {
    recorder.taskStoring(task);
    next.taskStoring(task);
  }

  @Override
  public void taskFinished(TaskRecord task) {
    recorder.taskSaved(task);
    next.taskFinished(task);
  }

  @Override
  public void runFinished(RunResult result) {
    recorder.runFinished(result.status());
    next.runFinished(result);
  }
}
