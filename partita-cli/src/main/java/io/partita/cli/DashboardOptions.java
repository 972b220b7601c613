package io.partita.cli;

import io.partita.web.server.DashboardServer;
import io.partita.web.server.ServerOptions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * --host and --port of the dashboard ({@code partita ui}, {@code partita serve}) and the token
 * rules.
 */
final class DashboardOptions {
  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = ServerOptions.DEFAULT_HOST,
      description =
          "Dashboard address to listen on (default: ${DEFAULT-VALUE}); a non-loopback address needs PARTITA_TOKEN.")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + ServerOptions.DEFAULT_PORT,
      description = "Dashboard port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  /**
   * Uses PARTITA_TOKEN, or generates a token; refuses a non-loopback host without PARTITA_TOKEN.
   */
  ServerOptions resolve(Path projectDir) {
    return ServerOptions.resolve(
        projectDir,
        host,
        port,
        Optional.ofNullable(System.getenv("PARTITA_TOKEN")),
        new SecureRandom());
  }

  /** Prints where the dashboard listens and, when generated, the token. */
  static void announce(Path projectDir, ServerOptions options, DashboardServer server) {
    System.out.printf("Partita dashboard for %s at %s%n", projectDir, server.url(false));
    if (options.tokenGenerated()) {
      System.out.printf(
          "API token (for starting and controlling runs, promote, rollback): %s%nOpen with the token: %s%n",
          options.token(), server.url(true));
    } else {
      System.out.println("API token: from PARTITA_TOKEN");
    }
  }
}
