package io.partita.cli;

import io.partita.config.Durations;
import io.partita.exec.Owner;
import io.partita.exec.Worker;
import io.partita.exec.WorkerSettings;
import io.partita.project.ProjectContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Execute tasks of the runs in the shared state store until stopped (SIGTERM or Ctrl-C):"
          + " claims ready tasks of any running run within the limits, on its own warehouse"
          + " connection. Needs a warehouse several processes can write (PostgreSQL, or Spark with"
          + " a jdbc or rest Iceberg catalog).",
      "Example: partita worker --slots 4 --name etl-1"
    })
final class WorkerCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(
      names = "--slots",
      paramLabel = "N",
      defaultValue = "2",
      description = "Tasks executed at once (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Unique name among live workers (default: HOST-PID).")
  String name;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "When stopped, how long running tasks may finish before they are handed back to the"
              + " queue (default: ${DEFAULT-VALUE}).")
  String grace;

  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() {
    OptionChecks.atLeast("--slots", slots, 1);
    Duration gracePeriod = Durations.parse("--grace", grace);
    String workerName = name != null ? name : Owner.host() + "-" + ProcessHandle.current().pid();
    try (ProjectContext workspace = ProjectContext.open(project.dir())) {
      Sharing.require(workspace, "partita worker");
      Thread hook =
          new Thread(
              () -> {
                stop.set(true);
                try {
                  stopped.await(gracePeriod.toSeconds() + 60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                  // Exiting anyway: the claims left behind are returned by the other workers.
                }
                // SIGTERM would otherwise end the JVM with 143: a clean stop is exit 0.
                Runtime.getRuntime().halt(0);
              });
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        Duration timeout = workspace.pipeline().workerTimeout();
        System.out.printf(
            "Worker %s: %d slots, worker_timeout %s; SIGTERM or Ctrl-C stops it.%n",
            workerName, slots, Durations.format(timeout));
        Worker.Report report =
            new Worker(
                    workspace.dir(),
                    workspace.state(),
                    workspace.engine(),
                    Clock.systemUTC(),
                    new WorkerSettings(workerName, slots, timeout, gracePeriod))
                .run(stop::get, run -> true);
        System.out.printf(
            "Worker %s stopped: %s executed, %s handed back.%n",
            workerName,
            Words.count(report.tasks(), "task"),
            Words.count(report.handedBack(), "task"));
        if (report.declaredDead()) {
          System.err.printf(
              "error: worker %s missed its heartbeats for longer than worker_timeout and was"
                  + " declared dead; its tasks went to other workers%n",
              workerName);
          return 1;
        }
        return 0;
      } finally {
        stopped.countDown();
      }
    }
  }
}
