package io.partita.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A second, older PostgreSQL for tests: Debian's {@code postgresql-15} server binaries, started
 * once per JVM with {@code initdb} and {@code pg_ctl} in a temporary directory on a free port
 * (trust authentication, user {@code postgres}) and stopped at JVM exit. As root the server runs as
 * the {@code postgres} OS user, since PostgreSQL refuses to run as root.
 */
public final class DebianPostgres15 {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static Integer port;

  private DebianPostgres15() {}

  /** True when the binaries are installed; tests assume it. */
  public static boolean installed() {
    return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
  }

  /** The port of the running server, started on first use. */
  public static synchronized int port() {
    if (port == null) {
      port = start();
    }
    return port;
  }

  /** Creates an empty database and returns its name (user postgres, host localhost). */
  public static String freshDatabase() {
    String name = "p15_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    String admin = "jdbc:postgresql://localhost:" + port() + "/postgres?user=postgres";
    try (Connection connection = DriverManager.getConnection(admin);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return name;
  }

  private static int start() {
    try {
      Path dir = Files.createTempDirectory("partita-pg15-");
      Path data = dir.resolve("data");
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        UserPrincipal postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      int free;
      try (ServerSocket socket = new ServerSocket(0)) {
        free = socket.getLocalPort();
      }
      run(
          root,
          BIN.resolve("initdb").toString(),
          "-D",
          data.toString(),
          "-U",
          "postgres",
          "--auth=trust",
          "-E",
          "UTF8",
          "--locale=C.UTF-8");
      run(
          root,
          BIN.resolve("pg_ctl").toString(),
          "-D",
          data.toString(),
          "-l",
          dir.resolve("server.log").toString(),
          "-o",
          "-p " + free + " -k " + dir + " -c listen_addresses=localhost -c fsync=off",
          "-w",
          "start");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      run(
                          root,
                          BIN.resolve("pg_ctl").toString(),
                          "-D",
                          data.toString(),
                          "-m",
                          "immediate",
                          "stop");
                      try (Stream<Path> files = Files.walk(dir)) {
                        files
                            .sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                      }
                    } catch (IOException | RuntimeException ignored) {
                      // the JVM is exiting; the directory is temporary
                    }
                  }));
      return free;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL 15", e);
    }
  }

  private static void run(boolean root, String... command) throws IOException {
    List<String> line = new ArrayList<>();
    if (root) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + line.get(0), e);
    }
  }
}
