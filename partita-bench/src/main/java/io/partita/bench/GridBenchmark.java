package io.partita.bench;

import io.partita.engine.Engine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.RunManager;
import io.partita.project.ProjectContext;
import io.partita.state.RunRecord;
import io.partita.state.jdbc.Timestamps;
import io.partita.web.server.DashboardExtensions;
import io.partita.web.server.DashboardServer;
import io.partita.web.server.ServerOptions;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Latency of {@code GET /api/partitions?format=grid} (what the dashboard's grid polls) under many
 * concurrent clients: 5 assets x 3,000 daily partitions, over real HTTP against a dashboard in this
 * JVM. Measured idle, then with a queued 15,000-task backfill (what the grid shows during a run:
 * the live run's queued cells).
 */
final class GridBenchmark implements Benchmark {
  private static final String TOKEN = "bench-token-0123456789abcdef";
  private static final List<String> ASSETS = List.of("a", "b", "c", "d", "e");
  private static final LocalDate FIRST = LocalDate.of(2015, 1, 1);

  @Override
  public String name() {
    return "grid";
  }

  @Override
  public String description() {
    return "GET /api/partitions?format=grid, 5 assets x 3,000 days, 200 concurrent clients: p50/p99";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    int partitions = options.gridPartitions();
    int clients = Math.max(2, Math.min(200, partitions / 15));
    int perClient = 5;
    BenchProject project =
        BenchProject.create(
            "grid",
            Map.of(
                "partita.yaml",
                    """
            name: grid_bench
            partitions: {grain: day, start: %s}
            defaults: {time_column: d}
            assets:
              a: {sql: models/a.sql}
              b: {sql: models/b.sql}
              c: {sql: models/c.sql}
              d: {sql: models/d.sql}
              e: {sql: models/e.sql}
            """
                        .formatted(FIRST),
                "models/a.sql", "select {{ start }} as d\n",
                "models/b.sql", "select * from {{ ref('a') }}\n",
                "models/c.sql", "select * from {{ ref('b') }}\n",
                "models/d.sql", "select * from {{ ref('c') }}\n",
                "models/e.sql", "select * from {{ ref('d') }}\n"));
    String last = FIRST.plusDays(partitions - 1).toString();
    try (ProjectContext context = ProjectContext.open(project.dir())) {
      RunManager runs = context.runs(GridBenchmark::noWarehouse);
      // A run of one day gives the history a real run id and definition snapshot, then ends.
      BackfillRequest one = BackfillRequest.of(FIRST.toString());
      RunRecord history = runs.create(runs.plan(one), one);
      runs.cancel(history.id());
      succeedEveryPartition(context.statePath(), history, partitions);
    }
    BenchResult result =
        BenchResult.named(name())
            .parameter("assets", ASSETS.size())
            .parameter("partitions", partitions)
            .parameter("clients", clients)
            .parameter("requests", clients * perClient);
    try (DashboardServer server =
        DashboardServer.start(
            new ServerOptions(project.dir(), "127.0.0.1", 0, TOKEN, false),
            Clock.systemUTC(),
            DashboardExtensions.standard(),
            message -> {})) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/partitions?format=grid");
      measure("idle", uri, clients, perClient, result, out);
      try (ProjectContext context = ProjectContext.open(project.dir())) {
        RunManager runs = context.runs(GridBenchmark::noWarehouse);
        BackfillRequest all = BackfillRequest.of(FIRST + ".." + last);
        runs.create(runs.plan(all), all);
      }
      measure("queued_run", uri, clients, perClient, result, out);
    }
    return result;
  }

  private static Engine noWarehouse() {
    throw new IllegalStateException("the grid benchmark never opens the warehouse");
  }

  /** Writes the states in one transaction: 15,000 single-row commits would take minutes. */
  private static void succeedEveryPartition(Path stateFile, RunRecord run, int partitions)
      throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + stateFile)) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT OR REPLACE INTO partitions (asset, partition, status, rows, run_id, snapshot_hash, updated_at)"
                  + " VALUES (?, ?, 'SUCCEEDED', 100, ?, ?, ?)")) {
        String now = Timestamps.format(Instant.now());
        for (String asset : ASSETS) {
          for (int day = 0; day < partitions; day++) {
            insert.setString(1, asset);
            insert.setString(2, FIRST.plusDays(day).toString());
            insert.setString(3, run.id());
            insert.setString(4, run.snapshotHash());
            insert.setString(5, now);
            insert.addBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
    }
  }

  private static void measure(
      String label, URI uri, int clients, int perClient, BenchResult result, PrintStream out)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    for (int i = 0; i < 5; i++) {
      get(http, request); // warm-up: class loading and JIT
    }
    long[] alone = new long[20];
    for (int i = 0; i < alone.length; i++) {
      long begin = System.nanoTime();
      get(http, request);
      alone[i] = System.nanoTime() - begin;
    }
    Arrays.sort(alone);
    result.figure(label + "_one_client_p50_ms", percentile(alone, 0.50));
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      concurrently(pool, http, request, clients, 1); // warm-up: one connection per client
      long start = System.nanoTime();
      long[] all = concurrently(pool, http, request, clients, perClient);
      long wallMillis = BenchProject.millisSince(start);
      double p50 = percentile(all, 0.50);
      double p99 = percentile(all, 0.99);
      out.printf(
          "grid %s: %,d GETs from %d clients in %,d ms: p50 %.1f ms, p99 %.1f ms, max %.1f ms"
              + " (one client alone: p50 %.1f ms)%n",
          label,
          all.length,
          clients,
          wallMillis,
          p50,
          p99,
          all[all.length - 1] / 1e6,
          percentile(alone, 0.50));
      result
          .figure(label + "_p50_ms", p50)
          .figure(label + "_p99_ms", p99)
          .figure(label + "_requests_per_second", all.length * 1000.0 / Math.max(1, wallMillis));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Latencies of {@code clients} threads sending {@code perClient} GETs each, sorted. */
  private static long[] concurrently(
      ExecutorService pool, HttpClient http, HttpRequest request, int clients, int perClient)
      throws Exception {
    List<Future<long[]>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(
          pool.submit(
              () -> {
                long[] nanos = new long[perClient];
                for (int i = 0; i < perClient; i++) {
                  long begin = System.nanoTime();
                  get(http, request);
                  nanos[i] = System.nanoTime() - begin;
                }
                return nanos;
              }));
    }
    long[] all = new long[clients * perClient];
    int next = 0;
    for (Future<long[]> future : futures) {
      for (long nanos : future.get()) {
        all[next++] = nanos;
      }
    }
    Arrays.sort(all);
    return all;
  }

  private static void get(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 || !response.body().contains("\"states\"")) {
      throw new IllegalStateException(
          "grid answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  private static double percentile(long[] sortedNanos, double quantile) {
    int rank = (int) Math.ceil(quantile * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1e6;
  }
}
