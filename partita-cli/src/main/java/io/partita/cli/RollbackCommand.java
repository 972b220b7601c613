package io.partita.cli;

import io.partita.exec.ExecutionSettings;
import io.partita.json.JsonOutput;
import io.partita.json.RunJson;
import io.partita.project.ProjectContext;
import io.partita.publish.Rollbacks;
import io.partita.state.TaskRecord;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undo a run (--run ID: restore every partition it published, in one transaction) or a promote"
          + " (ASSET [--to vN]: switch readers back to an earlier version).",
      "Examples: partita rollback --run 20250301-020000-9f3a --reason \"bad file\"",
      "          partita rollback features --to v1"
    })
final class RollbackCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @picocli.CommandLine.Parameters(
      arity = "0..1",
      paramLabel = "ASSET",
      description = "Switch this asset back to an earlier version.")
  String asset;

  @Option(
      names = "--to",
      paramLabel = "vN",
      description =
          "With ASSET: the version to switch to (default: the one before the last promote).")
  String to;

  @Option(names = "--run", paramLabel = "ID", description = "The run whose writes to undo.")
  String runId;

  @Option(
      names = "--force",
      description =
          "Also restore partitions a later run wrote again (that run's data there is lost).")
  boolean force;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the run history).")
  String reason;

  @Option(names = "--actor", paramLabel = "NAME", description = "Who (default: the OS user).")
  String actor;

  @Option(names = "--json", description = "Print the rollback run as JSON.")
  boolean json;

  private int rollbackVersion() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.pipeline().asset(asset); // unknown asset: did-you-mean
      if (!workspace.warehouseExists()) {
        throw io.partita.PartitaException.user(
            "Asset '%s' has never been published: nothing to roll back", asset);
      }
      io.partita.publish.VersionManager.Switch result =
          new io.partita.publish.VersionManager(
                  workspace.pipeline(), workspace.state(), workspace.engine(), Clock.systemUTC())
              .rollback(
                  asset,
                  Optional.ofNullable(to),
                  actor != null ? actor : System.getProperty("user.name", "unknown"),
                  Optional.ofNullable(reason));
      System.out.printf(
          "Rolled back %s: %s -> %s (view switched in %.1f ms).%n",
          asset, result.from(), result.to(), result.switchTime().toNanos() / 1e6);
      return 0;
    }
  }

  @Override
  public Integer call() {
    if ((asset == null) == (runId == null)) {
      throw io.partita.PartitaException.user(
          "Give either ASSET (switch versions back) or --run ID (undo a run's writes)");
    }
    if (asset != null) {
      return rollbackVersion();
    }
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace
          .readRuns()
          .find(runId); // an unknown run is refused before the state file is touched
      Rollbacks rollbacks =
          new Rollbacks(
              project.dir(),
              workspace.state(),
              workspace.engine(),
              Clock.systemUTC(),
              ExecutionSettings.DEFAULT.staleAfter());
      Rollbacks.Result result =
          rollbacks.rollback(
              runId,
              actor != null ? actor : System.getProperty("user.name", "unknown"),
              Optional.ofNullable(reason),
              force);
      if (json) {
        System.out.println(
            JsonOutput.writeIndented(
                RunJson.detail(result.run(), result.run().status(), result.tasks())));
        return 0;
      }
      System.out.printf(
          "Rolled back run %s: %s restored in one transaction, %,d rows put back (recorded as run %s)%n",
          runId,
          Words.count(result.tasks().size(), "partition"),
          result.rowsRestored(),
          result.run().id());
      for (TaskRecord task : result.tasks()) {
        System.out.printf(
            "  %-20s %s  %s rows%n",
            task.asset(), task.partition(), task.rowsWritten().map(String::valueOf).orElse("?"));
      }
      return 0;
    }
  }
}
