package io.partita.drill;

import io.partita.engine.PublishedPartition;
import io.partita.exec.RunListener;
import io.partita.exec.RunResult;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The state store cannot be written: mid-run, another connection holds an exclusive SQLite lock on
 * state.db for a while. The backfill (a child process) must stop publishing: only tasks already
 * past their last state write may publish, and the publish log lets the state catch up with them
 * once the lock is gone (in the same run, or by resume if the run gave up).
 */
final class StateLockedDrill implements Drill {
  @Override
  public boolean run(DrillRun drill) throws Exception {
    String partitions = drill.partitions();
    Path stateFile = drill.statePath();
    drill.setup("child process: partita backfill --partitions %s", partitions);
    String runId = null;
    int recordedAtLock;
    int recordedAtRelease;
    long inFlightAtLock;
    Instant lockedAt;
    Instant releasedAt;
    int exit;
    try (ChildProcess child = drill.startBackfill();
        ProjectContext observer = drill.openProject()) {
      StateStore state = observer.state();
      while (true) {
        if (!child.isAlive()) {
          drill.partita(
              "the backfill ended before the lock was taken; use a longer --partitions range%n%s",
              child.output());
          return false;
        }
        if (runId == null) {
          runId =
              state.runs().withStatus(List.of(RunStatus.RUNNING)).stream()
                  .map(RunRecord::id)
                  .findFirst()
                  .orElse(null);
        }
        if (runId != null && succeeded(state.tasks().list(runId)).size() >= 3) {
          break;
        }
        Thread.sleep(10);
      }
      try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + stateFile);
          Statement statement = lock.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 10000");
        statement.execute("BEGIN EXCLUSIVE");
        lockedAt = Instant.now();
        double locked = drill.elapsed();
        // WAL: readers still read while the lock blocks every writer.
        List<TaskRecord> atLock = state.tasks().list(runId);
        recordedAtLock = succeeded(atLock).size();
        inFlightAtLock = atLock.stream().filter(t -> t.status() == TaskStatus.RUNNING).count();
        drill.injected(
            "exclusive lock on %s held by another connection for %.0f s (run %s: %d tasks recorded"
                + " as succeeded, %d running)",
            stateFile.getFileName(), drill.outageSeconds(), runId, recordedAtLock, inFlightAtLock);
        child.await(drill.outageSeconds());
        recordedAtRelease = succeeded(state.tasks().list(runId)).size();
        drill.partita(
            "while locked: the run recorded %d more tasks and the process is %s (state writes wait"
                + " for the lock, retrying with backoff)",
            recordedAtRelease - recordedAtLock, child.isAlive() ? "alive" : "gone");
        drill.timing(
            "detect (every state write blocks at once; locked for)", drill.elapsed() - locked);
        statement.execute("ROLLBACK");
        releasedAt = Instant.now();
      }
      drill.setup("lock released");
      exit = child.await(300);
      String error =
          child.output().lines().filter(line -> line.startsWith("error:")).findFirst().orElse("");
      drill.partita("the backfill process ended with exit %d %s", exit, error);
    }
    try (ProjectContext workspace = drill.openProject()) {
      List<PublishedPartition> published = workspace.engine().published(runId);
      Set<String> duringLock =
          published.stream()
              .filter(
                  p -> !p.publishedAt().isBefore(lockedAt) && p.publishedAt().isBefore(releasedAt))
              .map(p -> p.asset() + " " + p.partition())
              .collect(Collectors.toSet());
      RunRecord run = workspace.runs().find(runId);
      int maxParallel = run.options().maxParallel();
      drill.evidence(
          "published while the state store was locked: %d %s (at most the tasks already past their"
              + " state write: %d running, max parallel %d)",
          duringLock.size(), duringLock, inFlightAtLock, maxParallel);
      if (run.status() != RunStatus.SUCCEEDED) {
        double resumeStart = drill.elapsed();
        RunResult result = workspace.runs().execute(runId, RunListener.NONE);
        long recovered =
            result.tasks().stream()
                .filter(t -> t.error().orElse("").startsWith("recovered"))
                .count();
        drill.partita(
            "partita resume %s: %s, %d interrupted publishes recognised as committed",
            runId, result.status().lowerName(), recovered);
        drill.timing("recover (resume)", drill.elapsed() - resumeStart);
      } else {
        drill.timing(
            "recover (lock released to the run finishing on its own)",
            java.time.Duration.between(releasedAt, run.finishedAt().orElse(releasedAt)).toMillis()
                / 1000.0);
      }
      boolean ok = DrillEvidence.report(drill, workspace, Optional.of(runId));
      return ok && recordedAtRelease == recordedAtLock && duringLock.size() <= maxParallel;
    }
  }

  private static Set<String> succeeded(List<TaskRecord> tasks) {
    return tasks.stream()
        .filter(t -> t.status() == TaskStatus.SUCCEEDED)
        .map(t -> t.asset() + " " + t.partition())
        .collect(Collectors.toSet());
  }
}
