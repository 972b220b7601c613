package io.partita.cli;

import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.schedule.ScheduleTicker;
import io.partita.schedule.Scheduler;
import io.partita.schedule.TickResult;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.web.DashboardExtensions;
import io.partita.web.DashboardServer;
import io.partita.web.ServerOptions;
import io.partita.web.WarehouseHold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
      "run after its in-flight tasks (resume it with `partita resume ID`) and exits 0.",
      "Also serves the dashboard and JSON API like `partita ui` (same --host/--port and token rules;",
      "scheduled runs share its warehouse connection); --no-ui runs the scheduler alone."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "30s",
      description = "Longest wait between checks for a stop or a new firing (default: ${DEFAULT-VALUE}).")
  String poll;

  @Mixin DashboardOptions dashboard;

  @Option(names = "--no-ui", description = "Do not serve the dashboard, only run the scheduler.")
  boolean noUi;

  /** Milliseconds between the latest cron firing and the tick that evaluated it (the scheduler lag gauge). */
  private final AtomicLong lagMillis = new AtomicLong();
  private Optional<Instant> lastFiring = Optional.empty();

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
      DashboardServer server = null;
      if (!noUi) {
        ServerOptions options = dashboard.resolve(project.dir());
        server = DashboardServer.start(options, clock, DashboardExtensions.withScheduler(() -> lagMillis.get() / 1000.0),
            System.err::println);
        DashboardOptions.announce(project.dir(), options, server);
      }
      try {
        return loop(workspace, scheduler, server, pollEvery, clock);
      } finally {
        if (server != null) {
          server.close();
        }
      }
    }
  }

  private int loop(Workspace workspace, Scheduler scheduler, DashboardServer server, Duration pollEvery, Clock clock)
      throws InterruptedException {
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
      TickResult result = tick(workspace, scheduler, server, clock);
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

  /**
   * One evaluation. With the dashboard, runs use its warehouse connection (held only while they
   * execute, so the dashboard's own runs and promotes share it) and count in its /metrics.
   */
  private TickResult tick(Workspace workspace, Scheduler scheduler, DashboardServer server, Clock clock) {
    RunListener progress = ProgressReporter.forTerminal(false);
    TickResult result;
    if (server == null) {
      result = new ScheduleTicker(scheduler, workspace.runs(), workspace.state().schedule(), clock)
          .tick(progress, spec -> stop.getCount() == 0);
    } else {
      try (WarehouseHold hold = server.holdWarehouse()) {
        RunManager runs = new RunManager(project.dir(), workspace.state(), hold, clock, ExecutionSettings.DEFAULT);
        result = new ScheduleTicker(scheduler, runs, workspace.state().schedule(), clock)
            .tick(both(progress, server.runListener()), spec -> stop.getCount() == 0);
      }
    }
    if (result.plan().firing().isPresent() && !result.plan().firing().equals(lastFiring)) {
      lastFiring = result.plan().firing();
      lagMillis.set(Math.max(0, Duration.between(lastFiring.get(), result.plan().now()).toMillis()));
    }
    return result;
  }

  private static RunListener both(RunListener first, RunListener second) {
    return new RunListener() {
      @Override
      public void runStarted(RunRecord run, int totalTasks, int alreadyDone) {
        first.runStarted(run, totalTasks, alreadyDone);
        second.runStarted(run, totalTasks, alreadyDone);
      }

      @Override
      public void taskStarted(TaskRecord task) {
        first.taskStarted(task);
        second.taskStarted(task);
      }

      @Override
      public void taskFinished(TaskRecord task) {
        first.taskFinished(task);
        second.taskFinished(task);
      }

      @Override
      public void runFinished(RunResult result) {
        first.runFinished(result);
        second.runFinished(result);
      }
    };
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
