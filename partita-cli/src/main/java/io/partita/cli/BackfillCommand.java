package io.partita.cli;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.exec.BackfillRequest;
import io.partita.exec.PlanExtent;
import io.partita.exec.PlannedRun;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.plan.Reprocess;
import io.partita.project.ProjectContext;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.ServerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backfill",
    // No standard -V/--version here: --version vN selects the version to write.
    description = {
      "Materialize a range or list of partitions, oldest first, honouring dependencies.",
      "Example: partita backfill --partitions 2025-03-01..2025-03-07 --max-parallel 2 --write-mode overwrite"
    })
final class BackfillCommand implements Callable<Integer> {
  /** How long a backfill that finds the warehouse held waits for its holder to register. */
  private static final Duration LATE_HOLDER = Duration.ofSeconds(3);

  @Mixin HelpOption help;
  @Mixin ProjectOption project;
  @Mixin SelectionOptions selection;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description = "Retries per task (default: from partita.yaml).")
  Integer retries;

  @Option(
      names = "--publish",
      paramLabel = "MODE",
      defaultValue = "per-partition",
      description =
          "per-partition (default): each partition as it passes its checks; atomic: all partitions of all assets in one transaction, only if every one passed.")
  String publish;

  @Option(names = "--dry-run", description = "Show the plan; write nothing.")
  boolean dryRun;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why this backfill runs (kept in the run history).")
  String reason;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description = "Who runs it (default: the OS user).")
  String actor;

  @Option(names = "--json", description = "Print the run as JSON (see README).")
  boolean json;

  @Option(
      names = "--detach",
      description =
          "Create the run, print its id and return at once (exit 0), leaving the work to `partita"
              + " worker` processes; needs a warehouse several processes can write (PostgreSQL, or"
              + " Spark with a jdbc or rest Iceberg catalog).")
  boolean detach;

  @Override
  public Integer call() {
    BackfillRequest request =
        selection.request(
            Optional.ofNullable(retries),
            Optional.ofNullable(reason),
            actor != null ? actor : System.getProperty("user.name", "unknown"),
            publish);
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      if (detach) {
        Sharing.require(workspace, "backfill --detach");
      }
      workspace.requireInStep();
      PlannedRun planned = selection.plan(workspace, request);
      if (dryRun) {
        PlanPrinter.print(workspace, planned, json);
        return 0;
      }
      if (planned.plan().size() == 0) {
        System.out.printf(
            "Nothing to do: all %d selected partitions are already %s.%n",
            planned.plan().skipped(),
            request.reprocess() == Reprocess.FAILED ? "not failed" : "materialized");
        return 0;
      }
      // Leases first, so a clash with a live run names that run; then the warehouse. If another
      // process holds the warehouse, the queued run is removed again: nothing is left behind.
      // Without the warehouse lock: a server may have unregistered in between, and then the
      // follower runs the run here.
      if (!workspace.warehouseExists()) {
        // A fresh project: verify against an empty scratch warehouse before anything exists on
        // disk, so that a refused backfill leaves no .partita/ behind (the real check follows).
        try (io.partita.engine.Engine scratch = workspace.scratchEngine()) {
          new io.partita.exec.Preflight(scratch).verify(planned, "preflight");
        }
      }
      RunManager runs = workspace.runs();
      Optional<ServerStore.Server> server = RunFollower.liveServer(workspace);
      RunRecord run = runs.create(planned, request);
      // A shareable warehouse is not owned by a server: workers, this process among them, run it.
      if (server.isPresent() && !workspace.warehouseShareable()) {
        printStart(run, planned);
        return RunFollower.handOver(workspace, run.id(), server.get(), json);
      }
      try {
        new io.partita.exec.Preflight(workspace.engine()).verify(planned, run.id());
      } catch (RuntimeException e) {
        // Another backfill may have taken the warehouse a moment ago and be about to register as
        // its holder: hand the run to it rather than give up.
        Optional<ServerStore.Server> late =
            e instanceof PartitaException conflict && conflict.category() == ErrorCategory.CONFLICT
                ? RunFollower.awaitLiveServer(workspace, LATE_HOLDER)
                : Optional.empty();
        if (late.isPresent()) {
          printStart(run, planned);
          return RunFollower.handOver(workspace, run.id(), late.get(), json);
        }
        runs.discard(run.id());
        throw e;
      }
      // An atomic run is one process's to execute (as on resume): only --detach asks workers to
      // share it, which RunManager.share refuses, saying why.
      if (workspace.warehouseShareable() && (detach || !run.options().atomic())) {
        // Workers may share it: start it for them, then work on it here too (or leave it).
        runs.share(run.id());
        if (detach) {
          printDetached(run, planned);
          return 0;
        }
        printStart(run, planned);
        return SharedBackfill.workOn(workspace, run.id(), run.options().maxParallel(), json);
      }
      printStart(run, planned);
      return execute(workspace, run.id(), json);
    }
  }

  private void printDetached(RunRecord run, PlannedRun planned) {
    if (json) {
      com.fasterxml.jackson.databind.node.ObjectNode node = JsonOutput.object();
      node.put("run_id", run.id());
      node.put("status", run.status().lowerName());
      node.put("tasks", planned.plan().size());
      System.out.println(JsonOutput.writeIndented(node));
      return;
    }
    System.out.println(run.id());
    System.err.printf(
        "Run %s: %s left to the workers; follow it with `partita run show %s`.%n",
        run.id(), Words.count(planned.plan().size(), "task"), run.id());
  }

  private void printStart(RunRecord run, PlannedRun planned) {
    if (!json) {
      System.out.printf(
          "Run %s: %s, max parallel %d, snapshot %s%n",
          run.id(),
          Words.count(planned.plan().size(), "task"),
          run.options().maxParallel(),
          run.snapshotHash().substring(0, 12));
      PlanPrinter.printExtras(System.out, PlanExtent.of(planned));
    }
  }

  /**
   * Executes a run in this process; Ctrl-C pauses it cleanly so `resume` can continue. While it
   * holds the warehouse, this process serves the other shells of the project (see {@link
   * WarehouseHost}): their backfills over other partitions run here too, and it lets the warehouse
   * go only once they end.
   */
  static int execute(ProjectContext workspace, String runId, boolean json) {
    RunManager runs = workspace.runs();
    try (WarehouseHost host =
        WarehouseHost.start(
            workspace,
            workspace.engine(),
            workspace.runs(),
            RunListener.NONE,
            WarehouseHost.HANDOFF_POLL)) {
      return execute(workspace, runs, runId, json, host);
    }
  }

  private static int execute(
      ProjectContext workspace, RunManager runs, String runId, boolean json, WarehouseHost host) {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                workspace.state().runs().requestControl(runId, ControlRequest.PAUSE);
                System.err.printf(
                    "%nInterrupted: pausing run %s after its running tasks…%n", runId);
                host.pauseHandedOver();
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException | RuntimeException ignored) {
                // Shutting down anyway; resume recovers whatever state is left.
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    Instant started = Instant.now();
    try {
      RunResult result = runs.execute(runId, ProgressReporter.forTerminal(json));
      RunRecord run = runs.find(runId);
      if (json) {
        com.fasterxml.jackson.databind.node.ObjectNode node =
            RunJson.detail(run, run.status(), result.tasks());
        RunJson.putRanges(node, workspace.readState().runs().assetRanges(runId));
        System.out.println(JsonOutput.writeIndented(node));
      } else {
        RunSummary.print(System.out, run, result, started);
      }
      return result.exitCode();
    } finally {
      try {
        host.drain();
      } finally {
        finished.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running; it waits for the latch counted down above.
      }
    }
  }
}
