package io.partita.exec;

import io.partita.PartitaException;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.util.Optional;

/**
 * Control of a run from any process: pause and cancel are requests the owning process reads (see
 * {@link RunExecution}); a run whose process is gone is paused or cancelled here at once.
 */
final class RunControl {
  private final RunManager runs;
  private final StateStore state;
  private final Clock clock;
  private final DeadRuns deadRuns;

  RunControl(RunManager runs, StateStore state, Clock clock, DeadRuns deadRuns) {
    this.runs = runs;
    this.state = state;
    this.clock = clock;
    this.deadRuns = deadRuns;
  }

  /**
   * Asks the process running the run to pause after its in-flight tasks; pauses a dead run at once.
   */
  RunRecord pause(String runId) {
    RunRecord run = runs.find(runId);
    if (run.status() != RunStatus.RUNNING) {
      throw PartitaException.user(
          "Run %s is %s; only a running run can be paused", runId, run.status().lowerName());
    }
    if (deadRuns.isOrphaned(run)) {
      state.runs().transition(runId, RunStatus.RUNNING, RunStatus.PAUSED, clock.instant());
      state.runs().release(runId, run.owner().orElse(""));
    } else {
      state.runs().requestControl(runId, ControlRequest.PAUSE);
    }
    return runs.find(runId);
  }

  /**
   * Cancels a run: a live one stops its in-flight tasks; a paused, queued or dead one is cancelled
   * at once.
   */
  RunRecord cancel(String runId) {
    RunRecord run = runs.find(runId);
    if (run.status().isTerminal()) {
      throw PartitaException.user(
          "Run %s already %s; nothing to cancel", runId, run.status().lowerName());
    }
    if (run.status() == RunStatus.RUNNING && !deadRuns.isOrphaned(run)) {
      state.runs().requestControl(runId, ControlRequest.CANCEL);
      return runs.find(runId);
    }
    if (state.runs().transition(runId, run.status(), RunStatus.CANCELLED, clock.instant())) {
      for (TaskRecord task : state.tasks().list(runId)) {
        if (!task.status().isTerminal()) {
          state.tasks().update(task.withStatus(TaskStatus.CANCELLED, Optional.of("run cancelled")));
        }
      }
      state.leases().release(runId);
      run.owner().ifPresent(o -> state.runs().release(runId, o));
    }
    return runs.find(runId);
  }
}
