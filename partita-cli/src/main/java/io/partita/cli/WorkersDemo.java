package io.partita.cli;

import io.partita.PartitaException;
import io.partita.drill.ChildProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code partita demo --workers N}: a throw-away embedded PostgreSQL holds state and warehouse, N
 * {@code partita worker} processes share a detached backfill, one of them is killed with SIGKILL
 * mid-run, the others finish the run, and the warehouse's publish log proves every partition was
 * published exactly once. Stops the workers (SIGTERM) and the server and deletes its folder.
 */
final class WorkersDemo {
  static final int MAX_WORKERS = 16;
  private static final int SLOTS = 2;
  private static final long WAIT_SECONDS = 180;
  private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern EXECUTED = Pattern.compile("stopped: (\\d+) tasks? executed");

  private final int count;
  private final PrintStream out = System.out;
  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  private volatile DemoPostgres server;

  WorkersDemo(int count) {
    this.count = count;
  }

  /** Runs the demo; 0 when every partition was published exactly once, else 1. */
  int run() throws IOException, SQLException, InterruptedException {
    long started = System.nanoTime();
    Path dir = Files.createTempDirectory("partita-demo-workers-");
    out.printf("== Partita demo: %d workers share a backfill on PostgreSQL ==%n", count);
    boolean holds;
    DemoPostgres server;
    // Ctrl-C or SIGTERM: no child, server or folder outlives the demo.
    Thread cleanup = new Thread(() -> cleanUp(dir), "partita-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      server = DemoPostgres.start(dir.resolve("postgres"));
      this.server = server;
      holds = run(dir, server);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: it cleans up
      }
      cleanUp(dir);
    }
    out.printf(
        "%nDone in %.1f s; the PostgreSQL server is stopped and %s deleted.%n",
        (System.nanoTime() - started) / 1e9, dir);
    if (!holds) {
      System.err.println(
          "error: the demo run did not publish every partition exactly once (see the table"
              + " above): that is a bug, please report it");
      return 1;
    }
    return 0;
  }

  private boolean run(Path dir, DemoPostgres server)
      throws IOException, SQLException, InterruptedException {
    Path project = dir.resolve("project");
    WorkersDemoProject.write(project, server);
    out.printf(
        "1. A throw-away PostgreSQL 17 on localhost:%d (embedded; data in %s)%n",
        server.port(), dir.resolve("postgres"));
    out.printf("   %s/partita.yaml:%n", project);
    out.printf("     state: %s%n", server.url(WorkersDemoProject.STATE_SCHEMA));
    out.printf("     warehouse: %s%n", server.url("public"));
    out.printf("     worker_timeout: %s%n", WorkersDemoProject.WORKER_TIMEOUT);
    out.println(
        "   The password is in PARTITA_STATE_PASSWORD and PARTITA_WAREHOUSE_PASSWORD, not in the"
            + " YAML.");
    Map<String, String> environment =
        Map.of(
            "PARTITA_STATE_PASSWORD", server.password(),
            "PARTITA_WAREHOUSE_PASSWORD", server.password());
    List<ChildProcess> workers = new ArrayList<>();
    try (Connection connection = server.dataSource().getConnection()) {
      SharedRunProbe probe = new SharedRunProbe(connection);
      out.printf(
          "%n2. %s:  partita worker --slots %d --name wN%n", Words.count(count, "worker"), SLOTS);
      for (int i = 1; i <= count; i++) {
        String name = "w" + i;
        workers.add(
            start(
                name,
                dir.resolve("logs").resolve(name + ".log"),
                environment,
                List.of(
                    "worker",
                    "--project",
                    project.toString(),
                    "--slots",
                    "" + SLOTS,
                    "--name",
                    name)));
      }
      awaitRegistered(probe, workers);
      String runId = backfill(dir, project, environment);
      if (count == 1) {
        out.println("   (one worker: none is killed; --workers 2 or more shows a worker dying)");
      }
      SharedRunWatch.Outcome outcome = new SharedRunWatch(probe, out, workers).follow(runId);
      out.printf(
          "   run %s %s; %s started a second time after the kill%n",
          runId,
          outcome.last().runStatus().toLowerCase(java.util.Locale.ROOT),
          Words.count(probe.retried(runId), "task"));
      boolean stoppedCleanly = stop(workers, outcome);
      out.printf(
          "%n4. Every partition published exactly once? The warehouse's publish log"
              + " (_partita.publish_log) and tables:%n");
      List<ExactlyOnceCheck.AssetFigures> figures = ExactlyOnceCheck.measure(connection, runId);
      boolean once = ExactlyOnceCheck.print(indented(), figures);
      long partitions = figures.stream().mapToLong(ExactlyOnceCheck.AssetFigures::partitions).sum();
      boolean holds = once && outcome.last().runStatus().equals("SUCCEEDED") && stoppedCleanly;
      out.printf(
          "   Verdict: %s%n",
          holds
              ? "every one of the "
                  + partitions
                  + " partitions was published exactly once, no key twice"
                  + outcome
                      .killed()
                      .map(w -> ", although " + w + " was killed mid-run.")
                      .orElse(".")
              : "NOT exactly once (or the run did not succeed): see above.");
      return holds;
    }
  }

  /** Waits until every worker is registered live, so they all share the run from its start. */
  private void awaitRegistered(SharedRunProbe probe, List<ChildProcess> workers)
      throws SQLException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + WAIT_SECONDS * 1_000_000_000L;
    while (probe.workers().values().stream().filter("LIVE"::equals).count() < workers.size()) {
      for (ChildProcess worker : workers) {
        if (!worker.isAlive()) {
          throw PartitaException.internal(
              "Worker " + worker.name() + " exited at start:\n" + worker.output(), null);
        }
      }
      if (System.nanoTime() > deadline) {
        throw PartitaException.internal(
            "The workers did not register within " + WAIT_SECONDS + " s", null);
      }
      Thread.sleep(100);
    }
    out.printf(
        "   %s live after %.1f s (pids %s)%n",
        Words.count(workers.size(), "worker"),
        (System.nanoTime() - start) / 1e9,
        String.join(", ", workers.stream().map(w -> w.name() + " " + w.pid()).toList()));
  }

  /** {@code backfill --detach} in a child: creates the shared run and returns its id. */
  private String backfill(Path dir, Path project, Map<String, String> environment)
      throws InterruptedException {
    String parallel = "" + SLOTS * count;
    out.printf(
        "%n3. A backfill the workers share:  partita backfill --partitions %s --max-parallel %s"
            + " --detach --json%n",
        WorkersDemoProject.RANGE, parallel);
    ChildProcess backfill =
        start(
            "backfill",
            dir.resolve("logs").resolve("backfill.log"),
            environment,
            List.of(
                "backfill",
                "--project",
                project.toString(),
                "--partitions",
                WorkersDemoProject.RANGE,
                "--max-parallel",
                parallel,
                "--detach",
                "--json"));
    int exit = backfill.await(WAIT_SECONDS);
    if (exit != 0) {
      throw PartitaException.internal(
          "backfill --detach ended with exit " + exit + ":\n" + backfill.output(), null);
    }
    Matcher id = RUN_ID.matcher(backfill.output());
    if (!id.find()) {
      throw PartitaException.internal(
          "backfill --detach printed no run id:\n" + backfill.output(), null);
    }
    String runId = id.group(1);
    out.printf(
        "   run %s: the workers claim its tasks (tasks taken = seen in their claims)%n", runId);
    return runId;
  }

  /** SIGTERM to the live workers; true when each exited 0. Prints who did how much. */
  private boolean stop(List<ChildProcess> workers, SharedRunWatch.Outcome outcome)
      throws InterruptedException {
    out.printf("%n   Stopping the workers with SIGTERM:%n");
    boolean clean = true;
    List<List<Object>> rows = new ArrayList<>();
    for (ChildProcess worker : workers) {
      Set<String> taken = outcome.taken().get(worker.name());
      if (outcome.killed().filter(worker.name()::equals).isPresent()) {
        rows.add(List.of(worker.name(), worker.pid(), taken.size(), "-", "killed with kill -9"));
        continue;
      }
      int exit = worker.terminate(WAIT_SECONDS);
      clean &= exit == 0;
      Matcher executed = EXECUTED.matcher(worker.output());
      rows.add(
          List.of(
              worker.name(),
              worker.pid(),
              taken.size(),
              executed.find() ? executed.group(1) : "?",
              "SIGTERM, exit " + exit));
    }
    TextTable.print(
        indented(),
        List.of("WORKER", "PID", "TASKS TAKEN", "EXECUTED (ITS OWN COUNT)", "END"),
        rows);
    return clean;
  }

  private ChildProcess start(
      String name, Path log, Map<String, String> environment, List<String> args) {
    ChildProcess child = ChildProcess.start(name, Main.class.getName(), log, environment, args);
    children.add(child);
    return child;
  }

  /** Kills the children still running, stops the server, deletes the folder; idempotent. */
  private synchronized void cleanUp(Path dir) {
    for (ChildProcess child : children) {
      if (child.isAlive()) {
        try {
          child.kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (server != null) {
      server.close();
    }
    delete(dir);
  }

  private PrintStream indented() {
    return new PrintStream(out, true) {
      @Override
      public void println(String line) {
        super.println("   " + line);
      }
    };
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete the demo folder " + dir, e);
    }
  }
}
