package io.partita.bench;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The overhead a user sees: {@code partita backfill --max-parallel N} of no-op daily partitions in
 * a child process (the {@code partita} launcher, so JVM start, project loading, planning, progress
 * output and every state write count) against a bare JDBC loop that does the same DELETE + INSERT
 * per partition with N threads on a DuckDB file, measured one right after the other.
 */
final class CliOverhead {
  private static final LocalDate START = LocalDate.of(2020, 1, 1);
  private static final String MAIN = "io.partita.cli.Main";

  private CliOverhead() {}

  static void measure(int partitions, BenchResult result, PrintStream out) throws Exception {
    String range = START + ".." + START.plusDays(partitions - 1);
    out.printf(
        "overhead (CLI end to end): %,d no-op daily partitions, child `partita backfill` vs a bare"
            + " DELETE + INSERT loop with as many threads%n",
        partitions);
    warmUp();
    for (int parallel : new int[] {1, 4}) {
      BenchProject project = project("overhead-cli-p" + parallel);
      long bare = bareLoop(project.dir().resolve("bare.duckdb"), partitions, parallel);
      long cli = backfill(project.dir(), range, parallel);
      double overhead = (cli - bare) / (double) partitions;
      out.printf(
          "  --max-parallel %d: partita %6d ms (%.2f ms/task), bare loop %d threads %6d ms (%.2f"
              + " ms/partition): overhead %.2f ms/task%n",
          parallel,
          cli,
          cli / (double) partitions,
          parallel,
          bare,
          bare / (double) partitions,
          overhead);
      String prefix = "cli_parallel_" + parallel + "_";
      result
          .figure(prefix + "ms", cli)
          .figure(prefix + "bare_ms", bare)
          .figure(prefix + "overhead_ms_per_task", overhead);
    }
  }

  private static BenchProject project(String prefix) throws Exception {
    return BenchProject.create(
        prefix,
        Map.of(
            "partita.yaml",
                """
                name: overhead_cli
                partitions: {grain: day, start: 2020-01-01}
                defaults: {time_column: date, retries: 0}
                assets:
                  noop:
                    sql: models/noop.sql
                """,
            "models/noop.sql", "select {{ start }} as date, 1 as x\n"));
  }

  /** Wall time of the child process, from start to exit; throws unless it exits 0. */
  private static long backfill(Path dir, String range, int parallel) throws Exception {
    List<String> command = new ArrayList<>(launch());
    command.addAll(
        List.of(
            "backfill",
            "--project",
            dir.toString(),
            "--partitions",
            range,
            "--max-parallel",
            String.valueOf(parallel)));
    Path stdout = dir.resolve("cli.out");
    long start = System.nanoTime();
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!child.waitFor(30, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException("partita backfill did not finish within 30 minutes");
    }
    long millis = BenchProject.millisSince(start);
    if (child.exitValue() != 0) {
      throw new IllegalStateException(
          "partita backfill exited " + child.exitValue() + ": " + tail(stdout));
    }
    return millis;
  }

  /**
   * One untimed {@code partita --version}: the launcher makes its class-data archive once per build
   * on the first command after it, a cost users pay once per build, not per backfill.
   */
  private static void warmUp() throws Exception {
    List<String> command = new ArrayList<>(launch());
    command.add("--version");
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!child.waitFor(10, TimeUnit.MINUTES) || child.exitValue() != 0) {
      child.destroyForcibly();
      throw new IllegalStateException(
          "partita --version did not exit 0 before the CLI overhead benchmark: " + command);
    }
  }

  /**
   * The {@code partita} launcher script next to the jar this JVM runs from (what a user types);
   * else, under a test runner, this JVM's classes with the launcher's JVM options.
   */
  private static List<String> launch() {
    String classPath = System.getProperty("java.class.path");
    for (String entry : classPath.split(File.pathSeparator)) {
      Path jar = Path.of(entry).toAbsolutePath();
      if (jar.endsWith(Path.of("partita-cli", "target", "partita.jar"))) {
        Path launcher = jar.getParent().getParent().getParent().resolve("partita");
        if (Files.isExecutable(launcher)) {
          return List.of(launcher.toString());
        }
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.library.path=" + System.getProperty("java.library.path", ""));
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(List.of("-cp", classPath, MAIN));
    return command;
  }

  private static String tail(Path file) throws Exception {
    String text = Files.readString(file);
    return text.substring(Math.max(0, text.length() - 2000));
  }

  /**
   * What a user writes in an afternoon: {@code threads} connections of one DuckDB file take the
   * next partition and replace it, DELETE + INSERT in one transaction.
   */
  static long bareLoop(Path file, int partitions, int threads) throws Exception {
    try (Connection root = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      try (Statement statement = root.createStatement()) {
        statement.execute("create table noop (date date, x integer)");
      }
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        long start = System.nanoTime();
        List<Future<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(pool.submit(() -> replaceNext(root, next, partitions)));
        }
        for (Future<Void> worker : workers) {
          worker.get();
        }
        return BenchProject.millisSince(start);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static Void replaceNext(Connection root, AtomicInteger next, int partitions)
      throws Exception {
    try (Connection connection = ((org.duckdb.DuckDBConnection) root).duplicate();
        Statement statement = connection.createStatement()) {
      for (int i = next.getAndIncrement(); i < partitions; i = next.getAndIncrement()) {
        LocalDate day = START.plusDays(i);
        String from = "DATE '" + day + "'";
        String to = "DATE '" + day.plusDays(1) + "'";
        connection.setAutoCommit(false);
        statement.execute("delete from noop where date >= " + from + " and date < " + to);
        statement.execute("insert into noop select " + from + " as date, 1 as x");
        connection.commit();
        connection.setAutoCommit(true);
      }
    }
    return null;
  }
}
