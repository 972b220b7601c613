package io.partita.cli;

import io.partita.exec.RunManager;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a run: running tasks are stopped, nothing half-written is published.")
final class CancelCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(paramLabel = "ID", description = "Run id.")
  String id;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120", description = "How long to wait for the run to stop (default: ${DEFAULT-VALUE}).")
  long waitSeconds;

  @Override
  public Integer call() {
    try (Workspace workspace = Workspace.open(project.dir())) {
      RunManager runs = workspace.runs();
      RunRecord run = runs.cancel(id);
      if (run.status() == RunStatus.RUNNING) {
        System.out.printf("Asked run %s to cancel; waiting for its running tasks…%n", id);
        run = ControlCommands.awaitChange(runs, id, RunStatus.RUNNING, Duration.ofSeconds(waitSeconds));
      }
      System.out.printf("Run %s is %s.%n", id, run.status().lowerName());
      return run.status() == RunStatus.RUNNING ? 1 : 0;
    }
  }
}
