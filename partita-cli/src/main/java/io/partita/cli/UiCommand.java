package io.partita.cli;

import io.partita.engine.Engine;
import io.partita.project.ProjectContext;
import io.partita.web.project.WarehouseHold;
import io.partita.web.project.WarehouseListener;
import io.partita.web.server.DashboardExtensions;
import io.partita.web.server.DashboardServer;
import io.partita.web.server.ServerOptions;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "Dashboard and JSON API: partition grid, runs with live progress, checks, versions, late data, lineage, /metrics.",
      "Binds 127.0.0.1 by default; a non-loopback --host needs PARTITA_TOKEN.",
      "Starting and controlling runs, promote and rollback need Authorization: Bearer <token>"
          + " (PARTITA_TOKEN, or a token generated and printed at start).",
      "While its runs hold the warehouse, `backfill` and `resume` from other shells over other"
          + " partitions hand their runs to it.",
      "Ctrl-C pauses the runs it executes; `partita resume` continues them. `partita serve` adds the scheduler."
    })
final class UiCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Mixin DashboardOptions dashboard;

  @Override
  public Integer call() throws InterruptedException {
    ServerOptions options = dashboard.resolve(project.dir());
    DashboardServer server =
        DashboardServer.start(
            options, Clock.systemUTC(), DashboardExtensions.standard(), System.err::println);
    // While its runs hold the warehouse, other shells' queries, backfills and the like run here.
    ProjectContext workspace = ProjectContext.open(project.dir());
    ServingWhileHeld serving = new ServingWhileHeld(workspace, server);
    server.onWarehouse(serving);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println(
                      "Stopping: pausing runs started here after their running tasks…");
                  serving.stop();
                  server.close();
                  workspace.close();
                  stopped.countDown();
                }));
    DashboardOptions.announce(project.dir(), options, server);
    System.out.println("Press Ctrl-C to stop.");
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * While the dashboard holds the warehouse, serves other shells ({@link WarehouseHost}): their
   * commands, and the runs they hand over, which keep a hold on the dashboard's warehouse until
   * they end.
   */
  private static final class ServingWhileHeld implements WarehouseListener {
    private final ProjectContext workspace;
    private final DashboardServer server;
    private WarehouseHost host; // guarded by this

    ServingWhileHeld(ProjectContext workspace, DashboardServer server) {
      this.workspace = workspace;
      this.server = server;
    }

    @Override
    public synchronized void opened(Engine engine) {
      try {
        host =
            WarehouseHost.start(
                workspace,
                engine,
                workspace.runs(() -> engine),
                server.runListener(),
                WarehouseHost.HANDOFF_POLL,
                () -> holdIfOpen(engine));
      } catch (RuntimeException e) {
        System.err.println("Cannot serve other shells while runs execute: " + e.getMessage());
      }
    }

    @Override
    public void closing(Engine engine) {
      WarehouseHost closing;
      synchronized (this) {
        closing = host;
        host = null;
      }
      if (closing != null) {
        closing.released();
      }
    }

    /** Ctrl-C: pauses the handed-over runs, waits for them, stops serving. */
    void stop() {
      WarehouseHost stopping;
      synchronized (this) {
        stopping = host;
        host = null;
      }
      if (stopping != null) {
        stopping.close();
      }
    }

    /** A hold on the warehouse if it is still open on {@code engine}; never opens it. */
    private Optional<AutoCloseable> holdIfOpen(Engine engine) {
      WarehouseHold hold = server.holdWarehouse();
      if (hold.ifOpen().filter(open -> open == engine).isPresent()) {
        return Optional.of(hold);
      }
      hold.close();
      return Optional.empty();
    }
  }
}
