package io.partita.cli;

import io.partita.schedule.ScheduleTicker;
import io.partita.schedule.Scheduler;
import io.partita.schedule.TickResult;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the scheduler until stopped: tick at every cron firing. SIGTERM or Ctrl-C pauses the running",
      "run after its in-flight tasks (resume it with `partita resume ID`) and exits 0."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "30s",
      description = "Longest wait between checks for a stop or a new firing (default: ${DEFAULT-VALUE}).")
  String poll;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    Duration pollEvery = io.partita.config.Durations.parse("--poll", poll);
    Clock clock = Clock.systemUTC();
    try {
      return serve(pollEvery, clock);
    } finally {
      // After the workspace closed: the shutdown hook may halt the JVM from here on.
      stopped.countDown();
    }
  }

  private int serve(Duration pollEvery, Clock clock) throws InterruptedException {
    try (Workspace workspace = Workspace.open(project.dir())) {
      Scheduler scheduler = new Scheduler(workspace.pipeline(), clock, workspace.state().schedule());
      ScheduleTicker ticker = new ScheduleTicker(scheduler, workspace.runs(), workspace.state().schedule(), clock);
      Thread hook = new Thread(() -> {
        stop.countDown();
        pauseRunning(workspace);
        try {
          stopped.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException ignored) {
          // Exiting anyway; `partita resume` recovers what is left.
        }
        // SIGTERM would otherwise end the JVM with 143: a clean stop is exit 0.
        Runtime.getRuntime().halt(0);
      });
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.printf("Serving schedule '%s' of %s; stop with SIGTERM or Ctrl-C%n",
          workspace.pipeline().schedule().map(s -> s.cron()).orElse("?"), workspace.pipeline().name());
      while (stop.getCount() > 0) {
        TickResult result = ticker.tick(ProgressReporter.forTerminal(false), spec -> stop.getCount() == 0);
        if (!result.runs().isEmpty() || !result.notices().isEmpty()) {
          TickCommand.print(result);
        }
        Instant next = scheduler.nextFiring(clock.instant()).orElse(clock.instant().plus(pollEvery));
        Duration wait = Duration.between(clock.instant(), next);
        if (wait.compareTo(pollEvery) > 0) {
          wait = pollEvery;
        }
        stop.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
      }
      return 0;
    }
  }

  /** Asks the run this process executes to pause after its in-flight tasks. */
  private static void pauseRunning(Workspace workspace) {
    try {
      String owner = io.partita.exec.Owner.current();
      for (RunRecord run : workspace.state().runs().list(50)) {
        if (run.status() == RunStatus.RUNNING && run.owner().map(owner::equals).orElse(false)) {
          workspace.state().runs().requestControl(run.id(), ControlRequest.PAUSE);
          System.err.printf("%nStopping: pausing run %s after its running tasks…%n", run.id());
        }
      }
    } catch (RuntimeException ignored) {
      // Shutting down anyway.
    }
  }
}
