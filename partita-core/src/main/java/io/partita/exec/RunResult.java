package io.partita.exec;

import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.util.List;

/** How a run ended (or stopped, when paused): its status and its tasks. */
public record RunResult(String runId, RunStatus status, List<TaskRecord> tasks) {
  public RunResult {
    tasks = List.copyOf(tasks);
  }

  public long count(TaskStatus status) {
    return tasks.stream().filter(task -> task.status() == status).count();
  }

  /** Exit code of the CLI: 0 when everything succeeded, 1 when something failed. */
  public int exitCode() {
    return status == RunStatus.SUCCEEDED || status == RunStatus.PAUSED ? 0 : 1;
  }
}
