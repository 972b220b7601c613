package io.partita.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second PostgreSQL version for the contract suites: Debian's PostgreSQL 15 server from {@link
 * #BIN}, initialised in a temporary directory and started on a free port once per JVM (as the
 * {@code postgres} user when the tests run as root, which PostgreSQL refuses), stopped at JVM exit.
 */
public final class TestPostgres15 {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static int port;

  private TestPostgres15() {}

  /** Whether the server binaries are installed. */
  public static boolean available() {
    return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"));
  }

  /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
  public static String freshDatabase() {
    int serverPort = start();
    String name = "t" + DATABASES.incrementAndGet();
    String base = "jdbc:postgresql://localhost:" + serverPort + "/";
    try (Connection connection = DriverManager.getConnection(base + "postgres?user=postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return base + name + "?user=postgres";
  }

  private static synchronized int start() {
    if (port != 0) {
      return port;
    }
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
              "-A",
              "trust",
              "--no-sync"),
          root);
      int free;
      try (ServerSocket socket = new ServerSocket(0)) {
        free = socket.getLocalPort();
      }
      String options = "-p " + free + " -h localhost -k " + directory + " -F";
      run(
          List.of(
              BIN.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
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
                      run(
                          List.of(
                              BIN.resolve("pg_ctl").toString(),
                              "-D",
                              data.toString(),
                              "-m",
                              "immediate",
                              "-w",
                              "stop"),
                          root);
                      run(List.of("rm", "-rf", directory.toString()), false);
                    } catch (IOException ignored) {
                      // the JVM is exiting; the directory is temporary
                    }
                  }));
      port = free;
      return port;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL 15 from " + BIN, e);
    }
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
