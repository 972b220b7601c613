package io.partita.exec;

import io.partita.engine.Engine;
import io.partita.plan.Plan;
import io.partita.publish.StagedInRun;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The end of an atomic run ({@code --publish atomic}): publish every held partition in one
 * transaction if all passed; otherwise publish nothing and drop what was staged.
 */
final class AtomicPublish {
  private final RunContext context;
  private final TaskLedger ledger;
  private final Engine engine;
  private final StagedInRun staged;

  AtomicPublish(RunContext context, TaskLedger ledger, Engine engine, StagedInRun staged) {
    this.context = context;
    this.ledger = ledger;
    this.engine = engine;
    this.staged = staged;
  }

  /** Returns the run's final status: {@code status}, or FAILED when the one publish failed. */
  RunStatus finish(RunStatus status) {
    List<StagedInRun.Entry> entries = staged.all();
    if (status == RunStatus.SUCCEEDED) {
      try {
        engine.publishAll(
            entries.stream().map(StagedInRun.Entry::staged).toList(),
            entries.stream().map(StagedInRun.Entry::publish).toList());
      } catch (RuntimeException e) {
        discardAll(entries);
        markStaged(
            TaskStatus.FAILED, "atomic publish failed, nothing was published: " + e.getMessage());
        return RunStatus.FAILED;
      }
      StateStore state = context.state();
      Clock clock = context.clock();
      for (StagedInRun.Entry entry : entries) {
        state
            .checks()
            .putMetrics(
                entry.staged().request().asset(),
                entry.staged().request().partition().key(),
                context.run().id(),
                entry.metrics(),
                clock.instant());
      }
      Plan plan = context.plan();
      for (int id = 0; id < ledger.size(); id++) {
        if (ledger.get(id).status() == TaskStatus.STAGED) {
          TaskRecord record = ledger.get(id).withStatus(TaskStatus.SUCCEEDED, Optional.empty());
          ledger.save(
              id,
              record,
              ledger.partitionState(
                  plan.tasks().get(id), PartitionStatus.SUCCEEDED, record.rowsWritten()));
        }
      }
      return status;
    }
    discardAll(entries);
    String why =
        status == RunStatus.PAUSED
            ? "staged but not published: the atomic run was paused; resume re-runs it"
            : "staged but not published: --publish atomic publishes only when every partition passes";
    markStaged(status == RunStatus.PAUSED ? TaskStatus.QUEUED : TaskStatus.CANCELLED, why);
    return status;
  }

  private void markStaged(TaskStatus status, String why) {
    for (int id = 0; id < ledger.size(); id++) {
      if (ledger.get(id).status() == TaskStatus.STAGED) {
        var task = context.plan().tasks().get(id);
        PartitionState partition =
            status == TaskStatus.FAILED
                ? ledger.partitionState(task, PartitionStatus.FAILED, Optional.empty())
                : ledger.stateBefore(id, task);
        ledger.save(id, ledger.get(id).withStatus(status, Optional.of(why)), partition);
      }
    }
  }

  private void discardAll(List<StagedInRun.Entry> entries) {
    for (StagedInRun.Entry entry : entries) {
      try {
        engine.discard(entry.staged());
      } catch (RuntimeException ignored) {
        // Leftover staging tables are clutter; the run's outcome does not depend on them.
      }
    }
  }
}
