package io.partita.cli;

import io.partita.web.DashboardServer;
import io.partita.web.ServerOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "Dashboard and JSON API: partition grid, runs with live progress, checks, /metrics.",
      "Binds 127.0.0.1 by default; a non-loopback --host needs PARTITA_TOKEN.",
      "Starting and controlling runs needs Authorization: Bearer <token>",
      "(PARTITA_TOKEN, or a token generated and printed at start).",
      "Ctrl-C pauses the runs it executes; `partita resume` continues them."
    })
final class UiCommand implements Callable<Integer> {
  @Mixin ProjectOption project;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServerOptions.DEFAULT_HOST,
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServerOptions.DEFAULT_PORT,
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    ServerOptions options = ServerOptions.resolve(project.dir(), host, port,
        Optional.ofNullable(System.getenv("PARTITA_TOKEN")), new SecureRandom());
    DashboardServer server = DashboardServer.start(options, Clock.systemUTC(), List.of(), System.err::println);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("Stopping: pausing runs started here after their running tasks…");
      server.close();
      stopped.countDown();
    }));
    System.out.printf("Partita dashboard for %s at %s%n", project.dir(), server.url(false));
    if (options.tokenGenerated()) {
      System.out.printf("API token (for starting and controlling runs): %s%nOpen with the token: %s%n",
          options.token(), server.url(true));
    } else {
      System.out.println("API token: from PARTITA_TOKEN");
    }
    System.out.println("Press Ctrl-C to stop.");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
