package io.partita.cli;

import io.partita.exec.ExecutionSettings;
import io.partita.exec.Rollbacks;
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
    description = {"Restore every partition a run published to exactly what it held before, in one transaction.",
      "Example: partita rollback --run 20250301-020000-9f3a --reason \"bad upstream file\""})
final class RollbackCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(names = "--run", paramLabel = "ID", required = true, description = "The run whose writes to undo.")
  String runId;

  @Option(names = "--force", description = "Also restore partitions a later run wrote again (that run's data there is lost).")
  boolean force;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the run history).")
  String reason;

  @Option(names = "--actor", paramLabel = "NAME", description = "Who (default: the OS user).")
  String actor;

  @Option(names = "--json", description = "Print the rollback run as JSON.")
  boolean json;

  @Override
  public Integer call() {
    try (Workspace workspace = Workspace.open(project.dir())) {
      Rollbacks rollbacks = new Rollbacks(project.dir(), workspace.state(), workspace.engine(), Clock.systemUTC(),
          ExecutionSettings.DEFAULT);
      Rollbacks.Result result = rollbacks.rollback(runId, actor != null ? actor : System.getProperty("user.name", "unknown"),
          Optional.ofNullable(reason), force);
      if (json) {
        System.out.println(Json.write(Json.run(result.run(), result.tasks())));
        return 0;
      }
      System.out.printf("Rolled back run %s: %d partition(s) restored in one transaction, %,d rows put back (recorded as run %s)%n",
          runId, result.tasks().size(), result.rowsRestored(), result.run().id());
      for (TaskRecord task : result.tasks()) {
        System.out.printf("  %-20s %s  %s rows%n", task.asset(), task.partition(), task.rowsWritten().map(String::valueOf).orElse("?"));
      }
      return 0;
    }
  }
}
