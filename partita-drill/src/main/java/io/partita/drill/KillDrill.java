package io.partita.drill;

import io.partita.exec.RunListener;
import io.partita.exec.RunResult;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.util.List;
import java.util.Optional;

/** SIGKILL a backfill process once half its tasks succeeded, then resume it here. */
final class KillDrill implements Drill {
  @Override
  public boolean run(DrillRun drill) throws Exception {
    String partitions = drill.partitions();
    drill.setup("child process: partita backfill --partitions %s --max-parallel 1", partitions);
    String runId;
    int total;
    long succeededAtKill;
    long inFlightAtKill;
    double killedAt;
    try (ChildProcess child = drill.startBackfill("--max-parallel", "1");
        ProjectContext observer = drill.openProject()) {
      StateStore state = observer.state();
      runId = null;
      List<TaskRecord> tasks = List.of();
      while (true) {
        if (!child.isAlive()) {
          drill.partita(
              "the backfill ended before it reached 50%% (exit %d); use a longer --partitions"
                  + " range%n%s",
              child.await(1), child.output());
          return false;
        }
        if (runId == null) {
          runId =
              state.runs().withStatus(List.of(RunStatus.RUNNING)).stream()
                  .map(RunRecord::id)
                  .findFirst()
                  .orElse(null);
        }
        if (runId != null) {
          tasks = state.tasks().list(runId);
          if (tasks.stream().filter(t -> t.status() == TaskStatus.SUCCEEDED).count() * 2
              >= tasks.size()) {
            break;
          }
        }
        Thread.sleep(10);
      }
      int exit = child.kill();
      killedAt = drill.elapsed();
      tasks = state.tasks().list(runId);
      total = tasks.size();
      succeededAtKill = tasks.stream().filter(t -> t.status() == TaskStatus.SUCCEEDED).count();
      inFlightAtKill = tasks.stream().filter(t -> t.status() == TaskStatus.RUNNING).count();
      drill.injected(
          "SIGKILL of process %d (exit %d) during run %s: %d/%d tasks succeeded, %d in flight",
          child.pid(), exit, runId, succeededAtKill, total, inFlightAtKill);
    }
    try (ProjectContext workspace = drill.openProject()) {
      RunRecord dead = workspace.runs().find(runId);
      boolean orphaned = workspace.runs().isOrphaned(dead);
      double detect = drill.elapsed() - killedAt;
      drill.partita(
          "the run is still recorded as %s; its owner process is gone, so it is orphaned: %s",
          dead.status().lowerName(), orphaned);
      drill.timing("detect (orphaned run seen by the next command)", detect);
      double resumeStart = drill.elapsed();
      RunResult result = workspace.runs().execute(runId, RunListener.NONE);
      double recover = drill.elapsed() - killedAt;
      long recovered =
          result.tasks().stream().filter(t -> t.error().orElse("").startsWith("recovered")).count();
      long rerun = result.tasks().stream().filter(t -> t.attempts() > 1).count();
      drill.partita(
          "partita resume %s: %s; %d tasks ran on resume, %d in-flight publishes recognised as"
              + " committed, %d tasks ran twice (at most the %d in flight)",
          runId,
          result.status().lowerName(),
          total - succeededAtKill - recovered,
          recovered,
          rerun,
          inFlightAtKill);
      drill.timing("resume", drill.elapsed() - resumeStart);
      drill.timing("recover (kill to all partitions published)", recover);
      boolean ok = DrillEvidence.report(drill, workspace, Optional.of(runId));
      return ok && result.status() == RunStatus.SUCCEEDED && rerun <= inFlightAtKill;
    }
  }
}
