package io.partita.cli;

import io.partita.exec.RunManager;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Shared by {@code pause} and {@code cancel}: ask the run's process (which may be another shell or
 * {@code partita serve}) through the state store, then wait until it acted.
 */
abstract class ControlCommands implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Parameters(paramLabel = "ID", description = "Run id.")
  String id;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long to wait for the run to stop (default: ${DEFAULT-VALUE}).")
  long waitSeconds;

  private final String verb;
  private final BiFunction<RunManager, String, RunRecord> request;

  ControlCommands(String verb, BiFunction<RunManager, String, RunRecord> request) {
    this.verb = verb;
    this.request = request;
  }

  @Override
  public Integer call() {
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      workspace.readRuns().find(id); // an unknown run is refused before the state file is touched
      RunManager runs = workspace.runs();
      RunRecord run = request.apply(runs, id);
      if (run.status() == RunStatus.RUNNING) {
        System.out.printf("Asked run %s to %s; waiting for its running tasks…%n", id, verb);
        run = awaitChange(runs, id, RunStatus.RUNNING, Duration.ofSeconds(waitSeconds));
      }
      System.out.printf("Run %s is %s.%n", id, run.status().lowerName());
      return run.status() == RunStatus.RUNNING ? 1 : 0;
    }
  }

  static RunRecord awaitChange(RunManager runs, String id, RunStatus from, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    RunRecord run = runs.find(id);
    while (run.status() == from && Instant.now().isBefore(deadline) && !runs.isOrphaned(run)) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      run = runs.find(id);
    }
    return run;
  }
}
