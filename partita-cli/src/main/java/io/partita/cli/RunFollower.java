package io.partita.cli;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.LiveServers;
import io.partita.exec.Owner;
import io.partita.exec.RunResult;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.project.ProjectContext;
import io.partita.state.ControlRequest;
import io.partita.state.HandoffStore.Handoff;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.ServerStore.Server;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The CLI side of the handoff: while another process holds the warehouse ({@code partita serve}, a
 * backfill in another shell), a run is handed to it through the state store and this process
 * follows it, printing what a local run prints (progress lines, then the summary or JSON) and
 * returning the same exit code. Ctrl-C pauses the run in the server, like Ctrl-C of a local run.
 */
final class RunFollower {
  static final Duration POLL = Duration.ofMillis(200);

  private final ProjectContext workspace;
  private final StateStore state;
  private final Clock clock = Clock.systemUTC();
  private final ExecutionSettings settings = ExecutionSettings.DEFAULT;
  private final Map<String, String> seen = new HashMap<>();

  private RunFollower(ProjectContext workspace) {
    this.workspace = workspace;
    this.state = workspace.state();
  }

  /** The live server to hand runs to, if one is registered. */
  static Optional<Server> liveServer(ProjectContext workspace) {
    return LiveServers.find(workspace.state(), Clock.systemUTC(), ExecutionSettings.DEFAULT);
  }

  /** The live server to hand runs to, waiting up to {@code patience} for one to register. */
  static Optional<Server> awaitLiveServer(ProjectContext workspace, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Optional<Server> server = liveServer(workspace);
      if (server.isPresent() || System.nanoTime() >= deadline) {
        return server;
      }
      sleep(Duration.ofMillis(100));
    }
  }

  /**
   * Hands the run to {@code server} and follows it until the server stops executing it.
   *
   * @throws PartitaException CONFLICT when a server is executing the run already; the server's
   *     error, with its category, when it could not execute the run
   */
  static int handOver(ProjectContext workspace, String runId, Server server, boolean json) {
    if (!workspace.state().handoffs().request(runId, Owner.current(), Instant.now())) {
      throw PartitaException.conflict(
          "Run %s is being executed by server %s already; `partita pause %s` pauses it",
          runId,
          workspace.state().handoffs().find(runId).flatMap(Handoff::takenBy).orElse("?"),
          runId);
    }
    if (!json) {
      System.err.printf(
          "The warehouse is held by process %s: run %s is handed to it;"
              + " following its progress (Ctrl-C pauses the run).%n",
          server.owner(), runId);
    }
    return new RunFollower(workspace).follow(runId, json);
  }

  private int follow(String runId, boolean json) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                pause(runId);
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException | RuntimeException ignored) {
                // Shutting down anyway; the server finishes pausing the run on its own.
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    Instant started = Instant.now();
    try {
      return awaitEnd(runId, json, started);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running; it waits for the latch counted down above.
      }
    }
  }

  private int awaitEnd(String runId, boolean json, Instant started) {
    ProgressReporter progress = ProgressReporter.forTerminal(json);
    for (TaskRecord task : state.tasks().list(runId)) {
      seen.put(key(task), signature(task));
    }
    boolean reportedStart = false;
    while (true) {
      Optional<Handoff> handoff = state.handoffs().find(runId);
      if (handoff.isEmpty()) {
        // Withdrawn (Ctrl-C before a server took it): report the run as it stands.
        return finish(runId, json, started, progress);
      }
      if (handoff.get().isPending()
          && liveServer(workspace).isEmpty()
          && state.handoffs().withdraw(runId)) {
        // The server stopped before taking the run; the warehouse is free now: run it here.
        System.err.printf(
            "The server stopped before taking run %s; running it in this process.%n", runId);
        return BackfillCommand.execute(workspace, runId, json);
      }
      if (!reportedStart && handoff.get().takenBy().isPresent()) {
        List<TaskRecord> tasks = state.tasks().list(runId);
        int done = (int) tasks.stream().filter(t -> t.status() == TaskStatus.SUCCEEDED).count();
        progress.runStarted(find(runId), tasks.size(), done);
        reportedStart = true;
      }
      report(runId, progress);
      if (handoff.get().isFinished()) {
        if (handoff.get().errorCategory().isPresent()) {
          progress.runFinished(new RunResult(runId, find(runId).status(), List.of()));
          throw new PartitaException(
              ErrorCategory.valueOf(handoff.get().errorCategory().get()),
              handoff.get().error().orElse("the server could not execute run " + runId));
        }
        return finish(runId, json, started, progress);
      }
      String server = handoff.get().takenBy().orElse(null);
      if (server != null
          && !LiveServers.isLive(state, clock, settings, server)
          // A holder whose own work ended leaves the servers at once but finishes (or pauses) the
          // runs it took before it exits: follow it while its process lives on this host.
          && !Owner.isLiveLocalProcess(server)
          && !state.handoffs().find(runId).map(Handoff::isFinished).orElse(true)) {
        throw PartitaException.conflict(
            "The server %s stopped while executing run %s; `partita resume %s` continues it",
            server, runId, runId);
      }
      sleep(POLL);
    }
  }

  /** Feeds task changes since the last poll to the reporter, as a local execution would. */
  private void report(String runId, ProgressReporter progress) {
    for (TaskRecord task : state.tasks().list(runId)) {
      String signature = signature(task);
      if (signature.equals(seen.put(key(task), signature))) {
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
    RunRecord run = find(runId);
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

  /** Ctrl-C: withdraw the run if no server took it yet, else ask the server to pause it. */
  private void pause(String runId) {
    if (state.handoffs().withdraw(runId)) {
      RunRecord run = find(runId);
      if (run.status() == RunStatus.QUEUED) {
        workspace.runs().cancel(runId); // A new run nobody started: release its partitions.
      }
      System.err.printf(
          "%nInterrupted before the server took run %s; nothing was executed.%n", runId);
      return;
    }
    // The move to RUNNING clears control requests: wait until the server has started it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Optional<Handoff> handoff = state.handoffs().find(runId);
      if (handoff.isEmpty() || handoff.get().isFinished()) {
        return;
      }
      if (find(runId).status() == RunStatus.RUNNING) {
        state.runs().requestControl(runId, ControlRequest.PAUSE);
        System.err.printf(
            "%nInterrupted: pausing run %s in the server after its running tasks…%n", runId);
        return;
      }
      sleep(Duration.ofMillis(20));
    }
  }

  private RunRecord find(String runId) {
    return workspace.runs().find(runId);
  }

  private static String key(TaskRecord task) {
    return task.asset() + "\u0000" + task.partition();
  }

  private static String signature(TaskRecord task) {
    return task.status() + "/" + task.attempts();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PartitaException.internal("Interrupted while following a run", e);
    }
  }
}
