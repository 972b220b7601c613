package io.partita.exec;

import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Ends a run that workers share once nobody holds a claim on it: succeeded or failed when every
 * task is done, cancelled or paused when asked to. Any worker may call it; the status change is a
 * compare-and-swap, so exactly one of them ends the run.
 */
final class SharedRunEnd {
  private final StateStore state;
  private final Clock clock;

  SharedRunEnd(StateStore state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  /** Ends the run if it is over; returns the status it has afterwards. */
  RunStatus endIfOver(String runId) {
    Optional<RunRecord> found = state.runs().find(runId);
    if (found.isEmpty()) {
      return RunStatus.CANCELLED;
    }
    RunRecord run = found.get();
    if (run.status() != RunStatus.RUNNING
        || !run.owner().equals(Optional.of(SharedRun.OWNER))
        || state.workers().claims().stream().anyMatch(c -> c.runId().equals(runId))) {
      return run.status();
    }
    List<TaskRecord> tasks = state.tasks().list(runId);
    boolean allDone = tasks.stream().allMatch(t -> t.status().isTerminal());
    if (run.control() == ControlRequest.CANCEL) {
      return cancel(run, tasks);
    }
    if (!allDone && run.control() == ControlRequest.PAUSE) {
      if (state.runs().transition(runId, RunStatus.RUNNING, RunStatus.PAUSED, clock.instant())) {
        state.runs().release(runId, SharedRun.OWNER);
      }
      return RunStatus.PAUSED;
    }
    if (!allDone) {
      return RunStatus.RUNNING;
    }
    boolean failed =
        tasks.stream()
            .anyMatch(
                t ->
                    t.status() == TaskStatus.FAILED
                        || t.status() == TaskStatus.FAILED_CHECKS
                        || t.status() == TaskStatus.UPSTREAM_FAILED);
    RunStatus end = failed ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    return finish(run, end);
  }

  private RunStatus cancel(RunRecord run, List<TaskRecord> tasks) {
    for (TaskRecord task : tasks) {
      if (!task.status().isTerminal()) {
        state.tasks().update(task.withStatus(TaskStatus.CANCELLED, Optional.of("run cancelled")));
      }
    }
    return finish(run, RunStatus.CANCELLED);
  }

  private RunStatus finish(RunRecord run, RunStatus end) {
    if (state.runs().transition(run.id(), RunStatus.RUNNING, end, clock.instant())) {
      state.leases().release(run.id());
      state.runs().release(run.id(), SharedRun.OWNER);
    }
    return state.runs().find(run.id()).map(RunRecord::status).orElse(end);
  }
}
