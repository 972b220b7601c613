package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Forms the batches of a run ({@code batch_size}): a task about to start takes along the ready
 * tasks of the following partitions of its asset, up to the batch size, and each finished batch
 * tells the sizer how long a partition took. Coordinator thread only.
 */
final class Batches {
  private final Plan plan;
  private final ReadyQueues ready;
  private final int[] sessionAttempts;
  private final BatchSizer sizer;

  /**
   * @param sessionAttempts attempts per task id in this session, kept by the coordinator
   */
  // False on warehouses that cannot stage several partitions with one query.
  private final boolean engineStagesBatches;

  Batches(
      Plan plan,
      ReadyQueues ready,
      int[] sessionAttempts,
      StateStore state,
      int maxParallel,
      io.partita.engine.PartitionWriter engine) {
    this.engineStagesBatches = engine.stagesBatches();
    this.plan = plan;
    this.ready = ready;
    this.sessionAttempts = sessionAttempts;
    this.sizer = new BatchSizer(state, maxParallel, engine.batchRows());
  }

  /**
   * The task and, for an asset with {@code batch_size}, the ready tasks of the following partitions
   * of the same asset, taken off the ready queue. A task that already ran in this session runs
   * alone, so a partition isolated by halving does not drag its neighbours through it again.
   */
  List<TaskNode> from(TaskNode task, AssetDefinition asset) {
    List<TaskNode> batch = new ArrayList<>();
    batch.add(task);
    if (!engineStagesBatches || !asset.batchSize().fuses() || sessionAttempts[task.id()] > 0) {
      return batch;
    }
    int size = sizer.next(asset, ready.size(task.asset()) + 1);
    while (batch.size() < size) {
      TaskNode last = batch.get(batch.size() - 1);
      int next =
          ready.pollNext(
              task.asset(),
              candidate ->
                  sessionAttempts[candidate] == 0
                      && plan.tasks().get(candidate).partition().equals(last.partition().plus(1)));
      if (next < 0) {
        break;
      }
      batch.add(plan.tasks().get(next));
    }
    return batch;
  }

  /** A batch of the asset, with these outcomes of its partitions, ran for {@code elapsed}. */
  void finished(AssetDefinition asset, List<TaskOutcome> outcomes, Duration elapsed) {
    if (asset.batchSize().auto()) {
      long rows = 0;
      for (TaskOutcome outcome : outcomes) {
        if (outcome instanceof TaskOutcome.Succeeded succeeded) {
          rows += succeeded.output().rows();
        }
      }
      sizer.observe(asset.name(), outcomes.size(), elapsed, rows);
    }
  }
}
