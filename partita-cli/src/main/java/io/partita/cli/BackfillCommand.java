package io.partita.cli;

import io.partita.PartitaException;
import io.partita.exec.BackfillRequest;
import io.partita.exec.PlannedRun;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.project.ProjectContext;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.ServerStore;
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
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Mixin ProjectOption project;
  @Mixin PartitionOptions partitions;

  @Option(names = "--assets", paramLabel = "SEL", description = "Assets: names, `x+` adds downstream, `+x` upstream (default: all).", defaultValue = "")
  String assets;

  @Option(names = "--max-parallel", paramLabel = "N", description = "Most tasks at once (default: defaults.concurrency).")
  Integer maxParallel;

  @Option(names = "--write-mode", paramLabel = "MODE", description = "overwrite or merge, for every asset of the run.")
  String writeMode;

  @Option(names = "--retries", paramLabel = "N", description = "Retries per task (default: from partita.yaml).")
  Integer retries;

  @Option(names = "--reprocess", paramLabel = "WHICH", description = "all (default), missing or failed.", defaultValue = "all")
  String reprocess;

  @Option(names = "--order", paramLabel = "ORDER", description = "asc (default, oldest first) or desc.", defaultValue = "asc")
  String order;

  @Option(names = "--publish", paramLabel = "MODE", defaultValue = "per-partition",
      description = "per-partition (default): each partition as it passes its checks; atomic: all partitions of all assets in one transaction, only if every one passed.")
  String publish;

  @Option(names = "--target", paramLabel = "ASSET_vN",
      description = "Write this version of one asset (e.g. features_v2) beside the live one; readers keep the live version until `promote`.")
  String target;

  @Option(names = "--version", paramLabel = "vN", description = "Write version vN of every asset of the run.")
  String version;

  @Option(names = "--stale", description = "Only partitions written by an older definition of their asset (or its upstream).")
  boolean stale;

  @Option(names = "--downstream", description = "Also rebuild downstream partitions that read a selected partition through their windows.")
  boolean downstream;

  @Option(names = "--max-partitions", paramLabel = "N",
      description = "Refuse a run over more than N partitions (default: defaults.max_partitions_per_run, 100000).")
  Integer maxPartitions;

  @Option(names = "--dry-run", description = "Show the plan; write nothing.")
  boolean dryRun;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why this backfill runs (kept in the run history).")
  String reason;

  @Option(names = "--actor", paramLabel = "NAME", description = "Who runs it (default: the OS user).")
  String actor;

  @Option(names = "--json", description = "Print the run as JSON (see README).")
  boolean json;

  @Override
  public Integer call() {
    BackfillRequest request =
        BackfillRequest.newBuilder(stale ? partitions.specOrEmpty() : partitions.spec())
            .assets(assets)
            .maxParallel(Optional.ofNullable(maxParallel))
            .writeMode(Optional.ofNullable(writeMode))
            .retries(Optional.ofNullable(retries))
            .reprocess(Reprocess.parse(reprocess))
            .order(Order.parse(order))
            .reason(Optional.ofNullable(reason))
            .actor(actor != null ? actor : System.getProperty("user.name", "unknown"))
            .publish(publish)
            .target(targetSpec(target, version))
            .staleOnly(stale)
            .withDownstream(downstream)
            .maxPartitions(Optional.ofNullable(maxPartitions))
            .build();
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.requireInStep();
      // Planned over the read view: a refused or empty plan creates no state file.
      PlannedRun planned = workspace.readRuns().plan(request);
      if (dryRun) {
        PlanPrinter.print(workspace, planned, json);
        return 0;
      }
      if (planned.plan().size() == 0) {
        System.out.printf("Nothing to do: all %d selected partitions are already %s.%n", planned.plan().skipped(),
            request.reprocess() == Reprocess.FAILED ? "not failed" : "materialized");
        return 0;
      }
      // Leases first, so a clash with a live run names that run; then the warehouse. If another
      // process holds the warehouse, the queued run is removed again: nothing is left behind.
      // Without the warehouse lock: a server may have unregistered in between, and then the
      // follower runs the run here.
      RunManager runs = workspace.runs();
      Optional<ServerStore.Server> server = RunFollower.liveServer(workspace);
      RunRecord run = runs.create(planned, request);
      if (server.isPresent()) {
        printStart(run, planned);
        return RunFollower.handOver(workspace, run.id(), server.get(), json);
      }
      try {
        new io.partita.exec.Preflight(workspace.engine()).verify(planned, run.id());
      } catch (RuntimeException e) {
        runs.discard(run.id());
        throw e;
      }
      printStart(run, planned);
      return execute(workspace, run.id(), json);
    }
  }

  private void printStart(RunRecord run, PlannedRun planned) {
    if (!json) {
      System.out.printf("Run %s: %s, max parallel %d, snapshot %s%n", run.id(), Words.count(planned.plan().size(), "task"),
          run.options().maxParallel(), run.snapshotHash().substring(0, 12));
    }
  }

  static String targetSpec(String target, String version) {
    if (target != null && version != null) {
      throw PartitaException.user("Give either --target ASSET_vN or --version vN, not both");
    }
    if (version != null && !version.matches("v\\d+")) {
      throw PartitaException.user("Malformed --version '%s': write v2, v3, …", version);
    }
    return target != null ? target : version != null ? version : "";
  }

  /** Executes a run in this process; Ctrl-C pauses it cleanly so `resume` can continue. */
  static int execute(ProjectContext workspace, String runId, boolean json) {
    RunManager runs = workspace.runs();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        workspace.state().runs().requestControl(runId, ControlRequest.PAUSE);
        System.err.printf("%nInterrupted: pausing run %s after its running tasks…%n", runId);
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
        System.out.println(JsonOutput.writeIndented(RunJson.detail(run, run.status(), result.tasks())));
      } else {
        RunSummary.print(System.out, run, result, started);
      }
      return result.exitCode();
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running; it waits for the latch counted down above.
      }
    }
  }

  /** {@code --partitions} or {@code --from/--to}. */
  static final class PartitionOptions {
    @Option(names = "--partitions", paramLabel = "A..B|A,B,C", description = "Inclusive range A..B or list A,B,C of partition keys.")
    String partitions;

    @Option(names = "--from", paramLabel = "KEY", description = "First partition (with --to).")
    String from;

    @Option(names = "--to", paramLabel = "KEY", description = "Last partition (with --from).")
    String to;

    /** The spec, or "" when none was given (for selections like --stale that need none). */
    String specOrEmpty() {
      return partitions == null && from == null && to == null ? "" : spec();
    }

    String spec() {
      if (partitions != null && (from != null || to != null)) {
        throw PartitaException.user("Give either --partitions or --from/--to, not both");
      }
      if (partitions != null) {
        return partitions;
      }
      if (from == null || to == null) {
        throw PartitaException.user("Which partitions? Give --partitions A..B (or A,B,C), or --from A --to B");
      }
      return from + ".." + to;
    }
  }
}
