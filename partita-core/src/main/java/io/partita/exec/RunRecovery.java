package io.partita.exec;

import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import io.partita.model.PartitionSet;
import io.partita.plan.AssetSelection;
import io.partita.plan.Order;
import io.partita.plan.PartitionStates;
import io.partita.plan.Plan;
import io.partita.plan.PlanRequest;
import io.partita.plan.Planner;
import io.partita.plan.Reprocess;
import io.partita.state.LatestAttempt;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picking up a run that stopped: its plan again from the stored tasks, and tasks that were running
 * when a process died recognised as succeeded when their publish had committed.
 */
final class RunRecovery {
  private final StateStore state;
  private final Clock clock;

  RunRecovery(StateStore state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  /** Tasks that were running when a process died: if their publish committed, they succeeded. */
  List<TaskRecord> recoverInterrupted(Engine warehouse, RunRecord run, List<TaskRecord> stored) {
    List<TaskRecord> result = new ArrayList<>(stored.size());
    for (TaskRecord task : stored) {
      if ((task.status() == TaskStatus.RUNNING
              || task.status() == TaskStatus.RETRYING
              || task.status() == TaskStatus.STAGED)
          && warehouse.wasPublished(task.runId(), task.asset(), task.partition())) {
        Instant now = clock.instant();
        // The task died before recording its row count: the publish log has it.
        Optional<Long> rows =
            task.rowsWritten()
                .or(
                    () ->
                        warehouse
                            .lastPublish(task.asset(), task.partition())
                            .filter(published -> published.runId().equals(task.runId()))
                            .map(io.partita.engine.PublishedPartition::rows));
        TaskRecord done =
            new TaskRecord(
                task.runId(),
                task.asset(),
                task.partition(),
                TaskStatus.SUCCEEDED,
                task.attempts(),
                new LatestAttempt(
                    task.startedAt(),
                    Optional.of(now),
                    rows,
                    Optional.of(
                        "recovered: the publish had committed before the process stopped")));
        // The partition grid must agree, or status, --reprocess missing and upstream checks would
        // still see the partition as running.
        state
            .tasks()
            .update(
                done,
                new PartitionState(
                    task.asset(),
                    task.partition(),
                    PartitionStatus.SUCCEEDED,
                    rows,
                    run.id(),
                    Optional.of(run.snapshotHash()),
                    now));
        result.add(done);
      } else {
        result.add(task);
      }
    }
    return result;
  }

  /** The plan of a stored run: the tasks it stored, over its snapshot's pipeline. */
  static Plan replan(Pipeline pipeline, RunRecord run, List<TaskRecord> stored) {
    Planner planner = new Planner(pipeline);
    List<String> assets = AssetSelection.resolve(run.options().assets(), pipeline);
    Set<String> included = new HashSet<>();
    for (TaskRecord task : stored) {
      included.add(task.asset() + "\u0000" + task.partition());
    }
    PartitionSet partitions =
        PartitionSet.parse(run.options().partitions(), planner.grainOf(assets));
    PlanRequest request =
        new PlanRequest(assets, partitions, Reprocess.ALL, Order.parse(run.options().order()));
    // Upstream cells outside the stored run count as materialized (checked at create); stored
    // cells that the create-time closure added count as missing, so the closure adds them again.
    PartitionStates satisfied =
        new PartitionStates() {
          @Override
          public boolean isMaterialized(String asset, io.partita.model.PartitionKey partition) {
            return !included.contains(asset + "\u0000" + partition.key());
          }

          @Override
          public boolean isFailed(String asset, io.partita.model.PartitionKey partition) {
            return false;
          }
        };
    return planner.plan(
        request, satisfied, (asset, key) -> included.contains(asset + "\u0000" + key.key()));
  }
}
