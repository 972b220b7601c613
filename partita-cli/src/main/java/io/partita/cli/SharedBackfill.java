package io.partita.cli;

import io.partita.PartitaException;
import io.partita.exec.Owner;
import io.partita.exec.RunResult;
import io.partita.exec.Worker;
import io.partita.exec.WorkerSettings;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.project.ProjectContext;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A backfill on a warehouse that workers share: this process works on its run as one more worker,
 * alongside any live {@code partita worker}, printing what a local run prints and returning the
 * run's exit code. Ctrl-C pauses the run for every worker, as it pauses a local run.
 */
final class SharedBackfill {
  private static final Duration POLL = Duration.ofMillis(200);

  private final ProjectContext workspace;
  private final StateStore state;
  private final Map<String, String> seen = new HashMap<>();

  private SharedBackfill(ProjectContext workspace) {
    this.workspace = workspace;
    this.state = workspace.state();
  }

  static int workOn(ProjectContext workspace, String runId, int slots, boolean json) {
    return new SharedBackfill(workspace).work(runId, slots, json);
  }

  private int work(String runId, int slots, boolean json) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                state.runs().requestControl(runId, ControlRequest.PAUSE);
                System.err.printf(
                    "%nInterrupted: pausing run %s after its running tasks…%n", runId);
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException | RuntimeException ignored) {
                // Shutting down anyway; the other workers return what this one held.
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    Instant started = Instant.now();
    String name = "backfill-" + Owner.host() + "-" + ProcessHandle.current().pid();
    Worker worker =
        new Worker(
            workspace.dir(),
            state,
            workspace.engine(),
            Clock.systemUTC(),
            new WorkerSettings(name, slots, workspace.pipeline().workerTimeout(), Duration.ZERO));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Worker.Report> working =
          thread.submit(() -> worker.run(() -> !isRunning(runId), run -> run.id().equals(runId)));
      ProgressReporter progress = ProgressReporter.forTerminal(json);
      List<TaskRecord> tasks = state.tasks().list(runId);
      int done = (int) tasks.stream().filter(t -> t.status() == TaskStatus.SUCCEEDED).count();
      progress.runStarted(workspace.runs().find(runId), tasks.size(), done);
      while (!working.isDone()) {
        report(runId, progress);
        sleep();
      }
      report(runId, progress);
      await(working);
      return finish(runId, json, started, progress);
    } finally {
      thread.shutdownNow();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running; it waits for the latch counted down above.
      }
    }
  }

  private boolean isRunning(String runId) {
    return state.runs().find(runId).map(RunRecord::status).orElse(RunStatus.CANCELLED)
        == RunStatus.RUNNING;
  }

  private static void await(Future<Worker.Report> working) {
    try {
      working.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PartitaException.internal("Interrupted while working on a run", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw PartitaException.internal("Worker failed: " + e.getCause(), e.getCause());
    }
  }

  /** Feeds task changes since the last poll to the reporter, as a local execution would. */
  private void report(String runId, ProgressReporter progress) {
    for (TaskRecord task : state.tasks().list(runId)) {
      String signature = task.status() + "/" + task.attempts();
      if (signature.equals(seen.put(task.asset() + "\u0000" + task.partition(), signature))) {
        continue;
      }
      if (task.status() == TaskStatus.RUNNING) {
        progress.taskStarted(task);
      } else if (task.status() != TaskStatus.QUEUED) {
        progress.taskFinished(task);
      }
    }
  }

  private int finish(String runId, boolean json, Instant started, ProgressReporter progress) {
    RunRecord run = workspace.runs().find(runId);
    RunResult result = new RunResult(runId, run.status(), state.tasks().list(runId));
    progress.runFinished(result);
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode node =
          RunJson.detail(run, run.status(), result.tasks());
      RunJson.putRanges(node, state.runs().assetRanges(runId));
      System.out.println(JsonOutput.writeIndented(node));
    } else {
      RunSummary.print(System.out, run, result, started);
    }
    return result.exitCode();
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PartitaException.internal("Interrupted while following a run", e);
    }
  }
}
