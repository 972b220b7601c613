package io.partita.cli;

import io.partita.engine.Engine;
import io.partita.project.ProjectContext;
import io.partita.web.project.WarehouseListener;
import io.partita.web.server.DashboardExtensions;
import io.partita.web.server.DashboardServer;
import io.partita.web.server.ServerOptions;
import java.time.Clock;
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
    // While its runs hold the warehouse, other shells' queries and the like run here.
    ProjectContext workspace = ProjectContext.open(project.dir());
    server.onWarehouse(new ServingWhileHeld(workspace));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println(
                      "Stopping: pausing runs started here after their running tasks…");
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
   * Serves other shells' commands ({@link CommandHost}) while the dashboard holds the warehouse.
   */
  private static final class ServingWhileHeld implements WarehouseListener {
    private final ProjectContext workspace;
    private CommandHost host;

    ServingWhileHeld(ProjectContext workspace) {
      this.workspace = workspace;
    }

    @Override
    public void opened(Engine engine) {
      try {
        host = CommandHost.start(workspace, engine);
      } catch (RuntimeException e) {
        System.err.println("Cannot serve other shells while runs execute: " + e.getMessage());
      }
    }

    @Override
    public void closing(Engine engine) {
      if (host != null) {
        host.close();
        host = null;
      }
    }
  }
}
