package io.partita.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second, older PostgreSQL for the contract suites: Debian's {@code postgresql-15} server
 * binaries from {@link #BIN}, initialised with {@code initdb} in a temporary directory (UTF-8,
 * trust authentication, user {@code postgres}) and started with {@code pg_ctl} on a free port once
 * per JVM, stopped at JVM exit. As root the server runs as the {@code postgres} OS user, since
 * PostgreSQL refuses to run as root.
 */
public final class TestPostgres15 {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static int port;

  private TestPostgres15() {}

  /** Whether the server binaries are installed; tests assume it. */
  public static boolean available() {
    return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
  }

  /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
  public static String freshDatabase() {
    return TestPostgres.jdbcUrl(port(), freshDatabaseName());
  }

  /** Creates an empty database and returns its name (user postgres, host localhost). */
  public static String freshDatabaseName() {
    return TestPostgres.createDatabase(
        TestPostgres.jdbcUrl(port(), "postgres"),
        "p15_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid());
  }

  /** The port of the running server, started on first use. */
  public static synchronized int port() {
    if (port == 0) {
      port = start();
    }
    return port;
  }

  private static int start() {
    try {
      Path directory = Files.createTempDirectory("partita-pg15-");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        run(List.of("chown", "postgres", directory.toString()), false);
      }
      Path data = directory.resolve("data");
      run(
          List.of(
              BIN.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "-E",
              "UTF8",
              "--locale=C.UTF-8",
              "--no-sync"),
          root);
      int free;
      try (ServerSocket socket = new ServerSocket(0)) {
        free = socket.getLocalPort();
      }
      String options = "-p " + free + " -k " + directory + " -c listen_addresses=localhost -F";
      List<String> pgCtl = List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString());
      run(
          concat(
              pgCtl,
              "-o",
              options,
              "-l",
              directory.resolve("server.log").toString(),
              "-w",
              "start"),
          root);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      run(concat(pgCtl, "-m", "immediate", "-w", "stop"), root);
                      run(List.of("rm", "-rf", directory.toString()), false);
                    } catch (IOException ignored) {
                      // the JVM is exiting; the directory is temporary
                    }
                  }));
      return free;
    } catch (IOException e) {
      throw new IllegalStateException("could not start PostgreSQL 15 from " + BIN, e);
    }
  }

  private static List<String> concat(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(more));
    return all;
  }

  private static void run(List<String> command, boolean asPostgres) throws IOException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", full) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", full), e);
    }
  }
}
