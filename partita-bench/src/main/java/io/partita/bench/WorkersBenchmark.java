package io.partita.bench;

import io.partita.exec.BackfillRequest;
import io.partita.exec.RunManager;
import io.partita.exec.Worker;
import io.partita.exec.WorkerSettings;
import io.partita.project.ProjectContext;
import io.partita.state.ClaimRequest;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Workers sharing one backfill on PostgreSQL (state store and warehouse in a throw-away embedded
 * server): no-op and small partitions with 1, 2 and 4 workers (in-process, each with its own
 * connections and one slot), tasks per second and claim latency, next to a bare JDBC loop doing the
 * same SQL with the same number of threads against the same server.
 */
final class WorkersBenchmark implements Benchmark {
  private static final LocalDate START = LocalDate.of(2000, 1, 1);
  private static final int[] WORKERS = {1, 2, 4};

  /**
   * Set to run only some worker counts or models, e.g. {@code -Dpartita.bench.workers=4} and {@code
   * -Dpartita.bench.workers.models=noop}: figures on a loaded machine take long.
   */
  private static final String ONLY_WORKERS = "partita.bench.workers";

  private static final String ONLY_MODELS = "partita.bench.workers.models";
  private static final Map<String, String> MODELS =
      Map.of(
          "noop", "select {{ start }}::date as d, 1 as x",
          "small", "select {{ start }}::date as d, g as x from generate_series(1, 1000) as g");

  @Override
  public String name() {
    return "workers";
  }

  @Override
  public String description() {
    return "no-op and 1,000-row partitions shared by 1, 2 and 4 workers on PostgreSQL vs a bare"
        + " JDBC loop with as many threads: tasks/s, claim latency, overhead per task";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    int partitions = Math.max(8, options.overheadPartitions() / 4);
    BenchResult result =
        BenchResult.named(name())
            .parameter("partitions", partitions)
            .parameter("slots_per_worker", 1)
            .parameter("postgresql", "embedded 17");
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
      CpuMeter cpu = CpuMeter.forServerOnPort(server.getPort());
      out.printf(
          "workers: %,d partitions per run, PostgreSQL state and warehouse; cpu = JVM + server"
              + " CPU ms per task%n",
          partitions);
      // Class loading and JIT compilation of the task path happen once per JVM: an unreported
      // run first, so that the first figures do not carry them (the bare loop needs little).
      sharedRun(server, "warm_up", MODELS.get("noop"), Math.min(partitions, 50), 2);
      for (Map.Entry<String, String> model : new java.util.TreeMap<>(MODELS).entrySet()) {
        if (!chosen(ONLY_MODELS, model.getKey())) {
          continue;
        }
        for (int workers : WORKERS) {
          if (!chosen(ONLY_WORKERS, Integer.toString(workers))) {
            continue;
          }
          String key = model.getKey() + "_" + workers;
          CpuMeter.Reading before = cpu.read();
          long bare = bareLoop(server, "bare_" + key, model.getValue(), partitions, workers);
          CpuMeter.Reading bareCpu = cpu.read().since(before);
          before = cpu.read();
          long shared = sharedRun(server, "run_" + key, model.getValue(), partitions, workers);
          CpuMeter.Reading sharedCpu = cpu.read().since(before);
          double bareCommits = commits(server, "bare_" + key) / (double) partitions;
          double sharedCommits = commits(server, "run_" + key) / (double) partitions;
          double[] claims = claimLatency(server, "claims_" + key, partitions, workers);
          double overhead = (shared - bare) / (double) partitions;
          out.printf(
              "  %-5s %d worker(s): %6d ms  %.0f tasks/s  bare loop %6d ms  overhead %.2f ms/task"
                  + "  claim p50 %.2f ms p95 %.2f ms  cpu %.2f (jvm %.2f pg %.2f) vs bare %.2f"
                  + " (jvm %.2f pg %.2f)  commits %.1f vs bare %.1f%n",
              model.getKey(),
              workers,
              shared,
              partitions * 1000.0 / Math.max(1, shared),
              bare,
              overhead,
              claims[0],
              claims[1],
              sharedCpu.total() / partitions,
              sharedCpu.jvm() / partitions,
              sharedCpu.server() / partitions,
              bareCpu.total() / partitions,
              bareCpu.jvm() / partitions,
              bareCpu.server() / partitions,
              sharedCommits,
              bareCommits);
          result
              .figure(key + "_ms", shared)
              .figure(key + "_tasks_per_second", partitions * 1000.0 / Math.max(1, shared))
              .figure(key + "_bare_ms", bare)
              .figure(key + "_overhead_ms_per_task", overhead)
              .figure(key + "_claim_p50_ms", claims[0])
              .figure(key + "_claim_p95_ms", claims[1])
              .figure(key + "_cpu_ms_per_task", sharedCpu.total() / partitions)
              .figure(key + "_bare_cpu_ms_per_task", bareCpu.total() / partitions)
              .figure(key + "_commits_per_task", sharedCommits)
              .figure(key + "_bare_commits_per_task", bareCommits);
        }
      }
    }
    return result;
  }

  /**
   * A backfill shared by {@code workers} in-process workers; ms from the moment the workers start
   * until the run's end is recorded. Workers are long-lived processes, so opening their state and
   * warehouse connections happens before the clock starts, and so does planning the run (the
   * planner has a benchmark of its own); workers that sit idle at the end (polling for work that
   * will not come) do not hold the clock.
   */
  private static long sharedRun(
      EmbeddedPostgres server, String database, String model, int partitions, int workers)
      throws Exception {
    Path dir = project(server, database, model);
    String range = START + ".." + START.plusDays(partitions - 1);
    try (ProjectContext creator = ProjectContext.open(dir)) {
      RunManager runs = creator.runs();
      BackfillRequest request = BackfillRequest.of(range).withMaxParallel(workers);
      RunRecord run = runs.create(runs.plan(request), request);
      runs.share(run.id());
      ExecutorService threads = Executors.newFixedThreadPool(workers);
      List<ProjectContext> contexts = new ArrayList<>();
      List<Worker> started = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        ProjectContext own = ProjectContext.open(dir);
        contexts.add(own);
        started.add(
            new Worker(
                dir,
                own.state(),
                own.engine(),
                Clock.systemUTC(),
                new WorkerSettings("bench-" + i, 1, Duration.ofSeconds(30), Duration.ZERO)));
      }
      RunEnd end = new RunEnd(creator.state(), run.id());
      Instant start = Instant.now();
      try {
        List<Future<Worker.Report>> done = new ArrayList<>();
        for (Worker worker : started) {
          done.add(threads.submit(() -> worker.run(end::over, r -> true)));
        }
        for (Future<Worker.Report> future : done) {
          future.get();
        }
      } finally {
        threads.shutdownNow();
        contexts.forEach(ProjectContext::close);
      }
      RunRecord ended = creator.state().runs().find(run.id()).orElseThrow();
      if (ended.status() != RunStatus.SUCCEEDED) {
        throw new IllegalStateException("benchmark run " + database + " ended " + ended.status());
      }
      return Duration.between(start, ended.finishedAt().orElseThrow()).toMillis();
    }
  }

  /**
   * Tells the workers to stop once the run ended, asking the state store at most every 50 ms (a
   * real worker stops on SIGTERM, not by asking after every claim).
   */
  private static final class RunEnd {
    private final StateStore state;
    private final String runId;
    private long nextLook;
    private boolean over;

    RunEnd(StateStore state, String runId) {
      this.state = state;
      this.runId = runId;
    }

    synchronized boolean over() {
      long now = System.nanoTime();
      if (!over && now - nextLook >= 0) {
        nextLook = now + Duration.ofMillis(50).toNanos();
        over = state.runs().find(runId).orElseThrow().status().isTerminal();
      }
      return over;
    }
  }

  /**
   * Claim, record succeeded, release: the state-store side of one task, by {@code workers} threads
   * with their own stores; p50 and p95 of the claim in ms.
   */
  private static double[] claimLatency(
      EmbeddedPostgres server, String database, int partitions, int workers) throws Exception {
    Path dir = project(server, database, MODELS.get("noop"));
    String range = START + ".." + START.plusDays(partitions - 1);
    List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
    try (ProjectContext creator = ProjectContext.open(dir)) {
      RunManager runs = creator.runs();
      BackfillRequest request = BackfillRequest.of(range).withMaxParallel(workers);
      RunRecord run = runs.create(runs.plan(request), request);
      runs.share(run.id());
      ExecutorService threads = Executors.newFixedThreadPool(workers);
      List<ProjectContext> contexts = new ArrayList<>();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
          ProjectContext own = ProjectContext.open(dir);
          contexts.add(own);
          String name = "claimer-" + i;
          done.add(threads.submit(() -> claimAll(own.state(), run.id(), name, workers, nanos)));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        threads.shutdownNow();
        contexts.forEach(ProjectContext::close);
      }
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return new double[] {
      sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.95)) / 1e6
    };
  }

  private static Void claimAll(
      StateStore state, String runId, String name, int workers, List<Long> nanos) {
    Instant now = Instant.now();
    state.workers().register(WorkerRecord.starting(name, "bench", 0, 1, now), now);
    ClaimRequest.ClaimLimits limits =
        new ClaimRequest.ClaimLimits(workers, Map.of(), Map.of(), Map.of());
    while (true) {
      List<ClaimRequest.Candidate> candidates =
          state.tasks().list(runId).stream()
              .filter(t -> t.status() == TaskStatus.QUEUED)
              .limit(64)
              .map(t -> new ClaimRequest.Candidate(t.asset(), t.partition()))
              .toList();
      if (candidates.isEmpty()) {
        state.workers().stop(name, Instant.now());
        return null;
      }
      long start = System.nanoTime();
      Optional<TaskClaim> claim =
          state.workers().claim(new ClaimRequest(runId, name, candidates, limits, Instant.now()));
      if (claim.isEmpty()) {
        continue;
      }
      nanos.add(System.nanoTime() - start);
      TaskClaim held = claim.get();
      state
          .tasks()
          .update(
              TaskRecord.queued(runId, held.asset(), held.partition())
                  .wrote(TaskStatus.SUCCEEDED, Instant.now(), 1));
      state.workers().release(held);
    }
  }

  private static boolean chosen(String property, String value) {
    String only = System.getProperty(property);
    return only == null || List.of(only.split(",")).contains(value);
  }

  private static long bareLoop(
      EmbeddedPostgres server, String database, String model, int partitions, int threads)
      throws Exception {
    createDatabase(server, database);
    String url = "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    return BareWorkersLoop.run(url, model, START, partitions, threads);
  }

  private static Path project(EmbeddedPostgres server, String database, String model)
      throws Exception {
    createDatabase(server, database);
    String url = "postgresql://postgres@localhost:" + server.getPort() + "/" + database;
    return BenchProject.create(
            "workers",
            Map.of(
                "partita.yaml",
                """
                name: bench
                state: %s?schema=partita
                warehouse: %s?schema=public
                partitions: {grain: day, start: 2000-01-01}
                defaults: {time_column: d, retries: 0, concurrency: 64}
                assets:
                  target:
                    sql: models/target.sql
                """
                    .formatted(url, url),
                "models/target.sql",
                model + "\n"))
        .dir();
  }

  /**
   * Transactions committed in {@code database} so far (a statement outside a transaction counts as
   * one): the server's statistics, complete once the connections that ran them have closed.
   */
  private static long commits(EmbeddedPostgres server, String database) throws Exception {
    Thread.sleep(600); // a closing backend reports its counts as it exits
    try (Connection connection = server.getPostgresDatabase().getConnection();
        java.sql.PreparedStatement select =
            connection.prepareStatement(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
      select.setString(1, database);
      try (java.sql.ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    }
  }

  private static void createDatabase(EmbeddedPostgres server, String database) throws Exception {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
  }
}
