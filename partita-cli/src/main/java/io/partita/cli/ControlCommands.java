package io.partita.cli;

import io.partita.exec.RunManager;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.time.Duration;
import java.time.Instant;

/** Shared by pause and cancel: wait until the owning process acts on the request. */
final class ControlCommands {
  private ControlCommands() {}

  static RunRecord awaitChange(RunManager runs, String id, RunStatus from, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    RunRecord run = runs.find(id);
    while (run.status() == from && Instant.now().isBefore(deadline) && !runs.isOrphaned(run)) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      run = runs.find(id);
    }
    return run;
  }
}
