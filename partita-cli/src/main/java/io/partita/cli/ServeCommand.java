package io.partita.cli;

import io.partita.engine.Engine;
import io.partita.exec.LeaderLease;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.project.ProjectContext;
import io.partita.schedule.ScheduleTicker;
import io.partita.schedule.Scheduler;
import io.partita.schedule.SchedulerLag;
import io.partita.schedule.TickResult;
import io.partita.state.ControlRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.TaskRecord;
import io.partita.web.project.WarehouseHold;
import io.partita.web.server.DashboardExtensions;
import io.partita.web.server.DashboardServer;
import io.partita.web.server.ServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the scheduler until stopped: tick at every cron firing (without `schedule:` the"
          + " scheduler stays idle). While it runs it owns the warehouse: `backfill` and `resume`"
          + " from other shells hand their runs to it and follow them.",
      "Also serves the dashboard and JSON API like `partita ui` (same --host/--port and token"
          + " rules); --no-ui runs the scheduler alone.",
      "SIGTERM or Ctrl-C pauses the running runs after their in-flight tasks (resume them with"
          + " `partita resume ID`) and exits 0."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(
      names = "--poll",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "Longest wait between checks for a stop or a new firing (default: ${DEFAULT-VALUE}).")
  String poll;

  @Mixin DashboardOptions dashboard;

  @Option(names = "--no-ui", description = "Do not serve the dashboard, only run the scheduler.")
  boolean noUi;

  /**
   * When the newest due partition that is not materialized yet became due (see {@link
   * SchedulerLag}), as of the last tick; null when there is none. The lag gauge counts from it.
   */
  private final AtomicReference<Instant> waitingSince = new AtomicReference<>();

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    // A poll of 0 spins a core; 100 ms keeps the loop idle and still lets tests poll quickly.
    Duration pollEvery =
        OptionChecks.atLeast(
            "--poll",
            io.partita.config.Durations.parse("--poll", poll),
            Duration.ofMillis(100),
            poll);
    Clock clock = Clock.systemUTC();
    try {
      return serve(pollEvery, clock);
    } finally {
      // After the workspace closed: the shutdown hook may halt the JVM from here on.
      stopped.countDown();
    }
  }

  private int serve(Duration pollEvery, Clock clock) throws InterruptedException {
    try (ProjectContext workspace = ProjectContext.open(project.dir(), clock)) {
      workspace.requireInStep();
      // First of all, so that a SIGTERM during start-up is a clean stop (exit 0) too.
      Thread hook =
          new Thread(
              () -> {
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
      DashboardServer server = null;
      WarehouseHold hold = null;
      try {
        Supplier<Engine> warehouse;
        if (noUi) {
          warehouse = workspace::engine;
        } else {
          ServerOptions options = dashboard.resolve(project.dir());
          server =
              DashboardServer.start(
                  options,
                  clock,
                  DashboardExtensions.withScheduler(() -> lagSeconds(clock)),
                  System.err::println);
          DashboardOptions.announce(project.dir(), options, server);
          // One warehouse connection for the whole process, shared with the dashboard's own runs:
          // DuckDB lets one process open the file, and this process owns it while it serves.
          hold = server.holdWarehouse();
          warehouse = hold;
        }
        // Own the warehouse from the start (a holder elsewhere is a CONFLICT now, not at the first
        // run), then register: CLI processes hand their runs only to a server that holds it.
        Engine engine = warehouse.get();
        RunManager runs = workspace.runs(warehouse);
        RunListener progress =
            server == null
                ? ProgressReporter.forTerminal(false)
                : both(ProgressReporter.forTerminal(false), server.runListener());
        return loop(workspace, engine, runs, progress, pollEvery, clock);
      } finally {
        if (hold != null) {
          hold.close();
        }
        if (server != null) {
          server.close();
        }
      }
    }
  }

  private int loop(
      ProjectContext workspace,
      Engine engine,
      RunManager runs,
      RunListener progress,
      Duration pollEvery,
      Clock clock)
      throws InterruptedException {
    // Without `schedule:` the process still serves the dashboard and hand-overs; nothing fires.
    Optional<Scheduler> scheduler =
        workspace.pipeline().schedule().isPresent()
            ? Optional.of(new Scheduler(workspace.pipeline(), clock, workspace.state().schedule()))
            : Optional.empty();
    Optional<ScheduleTicker> ticker =
        scheduler.map(s -> new ScheduleTicker(s, runs, workspace.state().schedule(), clock));
    Duration handoffPoll =
        pollEvery.compareTo(WarehouseHost.HANDOFF_POLL) < 0
            ? pollEvery
            : WarehouseHost.HANDOFF_POLL;
    WarehouseHost handoffs = WarehouseHost.start(workspace, engine, runs, progress, handoffPoll);
    // Several servers may share one state store: only the holder of the lease ticks.
    LeaderLease leader =
        new LeaderLease(
            workspace.state(),
            LeaderLease.SCHEDULER,
            handoffs.owner(),
            clock,
            workspace.pipeline().workerTimeout());
    leader.renew();
    // Its own thread: a handed-over run may keep other threads busy for minutes.
    ScheduledExecutorService renewer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "partita-leader-lease");
              thread.setDaemon(true);
              return thread;
            });
    leader.keepRenewing(renewer);
    try {
      if (ticker.isEmpty()) {
        System.out.printf(
            "Serving %s with no schedule: scheduler idle (process %s owns the warehouse;"
                + " backfills and queries from other shells run here); stop with SIGTERM or"
                + " Ctrl-C%n",
            workspace.pipeline().name(), handoffs.owner());
      } else {
        System.out.printf(
            "Serving schedule '%s' of %s (process %s owns the warehouse; backfills and"
                + " queries from other shells run here); stop with SIGTERM or Ctrl-C%n",
            workspace.pipeline().schedule().get().cron(),
            workspace.pipeline().name(),
            handoffs.owner());
      }
      boolean led = true;
      while (stop.getCount() > 0) {
        if (ticker.isPresent() && leader.leads() != led) {
          led = leader.leads();
          System.out.println(
              led
                  ? "This server leads the schedule now."
                  : "Standing by: server "
                      + leader.leader().orElse("?")
                      + " leads the schedule; this one takes over if it stops.");
        }
        if (ticker.isPresent() && leader.leads()) {
          // Before the tick too: the lag counts while the run it creates executes.
          waitingSince.set(
              SchedulerLag.waitingSince(
                      workspace.pipeline(), workspace.state().partitions(), clock.instant())
                  .orElse(null));
          TickResult result = ticker.get().tick(progress, spec -> stop.getCount() == 0);
          if (!result.runs().isEmpty() || !result.notices().isEmpty()) {
            TickCommand.print(result);
          }
          waitingSince.set(
              SchedulerLag.waitingSince(
                      workspace.pipeline(), workspace.state().partitions(), clock.instant())
                  .orElse(null));
        }
        Instant next =
            scheduler
                .flatMap(s -> s.nextFiring(clock.instant()))
                .orElse(clock.instant().plus(pollEvery));
        Duration wait = Duration.between(clock.instant(), next);
        if (wait.compareTo(pollEvery) > 0) {
          wait = pollEvery;
        }
        stop.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
      }
    } finally {
      renewer.shutdownNow();
      leader.release();
      handoffs.close();
    }
    return 0;
  }

  private double lagSeconds(Clock clock) {
    Instant since = waitingSince.get();
    return since == null
        ? 0
        : Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
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

  /** Asks the runs this process executes to pause after their in-flight tasks. */
  private static void pauseRunning(ProjectContext workspace) {
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
