package io.partita.cli;

import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.PlannedRun;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.model.PartitionSet;
import io.partita.plan.Order;
import io.partita.plan.PartitionStates;
import io.partita.plan.PlanRequest;
import io.partita.plan.Planner;
import io.partita.plan.Reprocess;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;

/**
 * {@code partita bench}: orchestration overhead against a bare JDBC loop doing the same SQL, and
 * planning time for a large range. Numbers only; nothing here is asserted.
 */
final class Benchmarks {
  private static final int OVERHEAD_PARTITIONS = 2000;
  private static final int PLANNER_PARTITIONS = 100_000;

  private Benchmarks() {}

  static int runAll(PrintStream out) throws Exception {
    Runtime runtime = Runtime.getRuntime();
    out.printf("machine: %d cores, max heap %d MiB, java %s%n", runtime.availableProcessors(),
        runtime.maxMemory() >> 20, System.getProperty("java.version"));
    overhead(out);
    planner(out);
    checks(out);
    return 0;
  }

  /** Time per partition of the full check set on 1M-row partitions, against the same write without checks. */
  static void checks(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("partita-bench-checks-");
    Files.createDirectories(dir.resolve("models"));
    String model = """
        select {{ start }} as d, i as entity_id, (hash(i, {{ start }}) % 1000)::double as amount,
               case when i % 1000 = 0 then null else 'k' || (i % 7) end as category
        from range(1000000) t(i)
        """;
    Files.writeString(dir.resolve("models/plain.sql"), model);
    Files.writeString(dir.resolve("models/checked.sql"), model);
    Files.writeString(dir.resolve("models/read_test.sql"), "select category, avg(amount) from {{ this }} group by category\n");
    Files.writeString(dir.resolve("partita.yaml"), """
        name: check_bench
        partitions: {grain: day, start: 2024-01-01}
        defaults: {time_column: d, retries: 0, concurrency: 1}
        assets:
          plain:
            sql: models/plain.sql
          checked:
            sql: models/checked.sql
            checks:
              - row_count: {min: 1, ratio_vs_trailing: [0.5, 2.0]}
              - not_null: {columns: [entity_id], max_rate: 0.0}
              - null_spike: {columns: [category], max_increase_pp: 5}
              - unique: {columns: [entity_id, d]}
              - accepted_values: {column: category, values: [k0, k1, k2, k3, k4, k5, k6]}
              - range: {column: amount, min: 0, max: 1000}
              - drift: {column: amount, metric: psi, warn: 0.1, fail: 0.2}
              - schema: {}
              - reconcile: {with: plain, expr: "count(*)", tolerance: 0}
              - sql: "select count(*) = 0 from {{ this }} where amount < 0"
              - read_test: models/read_test.sql
        """);
    int days = 5;
    try (StateStore store = SqliteStateStore.open(dir.resolve(".partita/state.db"));
        DuckDbEngine engine = DuckDbEngine.open(dir.resolve(".partita/warehouse.duckdb"), dir)) {
      RunManager runs = new RunManager(dir, store, () -> engine, Clock.systemUTC(), ExecutionSettings.DEFAULT);
      BackfillRequest request = BackfillRequest.of("2024-01-01..2024-01-0" + days).withMaxParallel(1);
      RunRecord run = runs.create(runs.plan(request), request);
      RunResult result = runs.execute(run.id(), RunListener.NONE);
      if (result.exitCode() != 0) {
        throw new IllegalStateException("check benchmark run failed: " + result.tasks());
      }
      // Skip the first days: drift and trailing checks need history, so the later days run every check.
      long plain = 0;
      long checked = 0;
      int measured = 0;
      for (io.partita.state.TaskRecord task : result.tasks()) {
        if (task.partition().compareTo("2024-01-04") < 0) {
          continue;
        }
        long millis = java.time.Duration.between(task.startedAt().orElseThrow(), task.finishedAt().orElseThrow()).toMillis();
        if (task.asset().equals("plain")) {
          plain += millis;
          measured++;
        } else {
          checked += millis;
        }
      }
      out.printf("checks: 1,000,000-row partitions, 11 checks (row_count, not_null, null_spike, unique, accepted_values, range,"
          + " drift psi, schema, reconcile, sql, read_test)%n");
      out.printf("  write alone %d ms/partition, write + checks %d ms/partition: checks add %.0f%%%n",
          plain / measured, checked / measured, 100.0 * (checked - plain) / plain);
    }
  }

  static void overhead(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("partita-bench-");
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("partita.yaml"), """
        name: bench
        partitions: {grain: day, start: 2000-01-01}
        defaults: {time_column: d, retries: 0}
        assets:
          noop:
            sql: models/noop.sql
        """);
    Files.writeString(dir.resolve("models/noop.sql"), "select {{ start }} as d, 1 as x\n");
    String last = LocalDate.of(2000, 1, 1).plusDays(OVERHEAD_PARTITIONS - 1).toString();
    String range = "2000-01-01.." + last;

    long bare = bareLoop(dir.resolve("bare.duckdb"), OVERHEAD_PARTITIONS);
    out.printf("overhead: %d no-op partitions%n", OVERHEAD_PARTITIONS);
    out.printf("  bare JDBC loop (stage, delete, insert, drop per partition): %6d ms  %.2f ms/partition%n",
        bare, bare / (double) OVERHEAD_PARTITIONS);
    for (int parallel : new int[] {1, 4}) {
      long millis = partita(dir, range, parallel);
      out.printf("  partita --max-parallel %d: %6d ms  %.2f ms/task  %.0f tasks/s  overhead vs bare loop %.2f ms/task%n",
          parallel, millis, millis / (double) OVERHEAD_PARTITIONS, OVERHEAD_PARTITIONS * 1000.0 / millis,
          (millis - bare) / (double) OVERHEAD_PARTITIONS);
    }
  }

  private static long partita(Path dir, String range, int parallel) {
    Path state = dir.resolve(".partita/state-" + parallel + ".db");
    try (StateStore store = SqliteStateStore.open(state);
        DuckDbEngine engine = DuckDbEngine.open(dir.resolve(".partita/warehouse-" + parallel + ".duckdb"), dir)) {
      RunManager runs = new RunManager(dir, store, () -> engine, Clock.systemUTC(), ExecutionSettings.DEFAULT);
      long start = System.nanoTime();
      BackfillRequest request = BackfillRequest.of(range).withMaxParallel(parallel);
      PlannedRun planned = runs.plan(request);
      RunRecord run = runs.create(planned, request);
      RunResult result = runs.execute(run.id(), RunListener.NONE);
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (result.exitCode() != 0) {
        throw new IllegalStateException("benchmark run failed: " + result.status());
      }
      return millis;
    }
  }

  private static long bareLoop(Path file, int partitions) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("create table noop (d date, x integer)");
      long start = System.nanoTime();
      LocalDate day = LocalDate.of(2000, 1, 1);
      for (int i = 0; i < partitions; i++, day = day.plusDays(1)) {
        String from = "DATE '" + day + "'";
        String to = "DATE '" + day.plusDays(1) + "'";
        statement.execute("create table staging as select " + from + " as d, 1 as x");
        statement.execute("select count(*) from staging where d is null or d < " + from + " or d >= " + to);
        connection.setAutoCommit(false);
        statement.execute("delete from noop where d >= " + from + " and d < " + to);
        statement.execute("insert into noop by name select * from staging");
        connection.commit();
        connection.setAutoCommit(true);
        statement.execute("drop table staging");
      }
      return (System.nanoTime() - start) / 1_000_000;
    }
  }

  static void planner(PrintStream out) throws IOException {
    Path dir = Files.createTempDirectory("partita-bench-plan-");
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("partita.yaml"), """
        name: plan_bench
        partitions: {grain: day, start: 1800-01-01}
        defaults: {time_column: d}
        assets:
          a: {sql: models/a.sql}
          b: {sql: models/b.sql}
          c: {sql: models/c.sql, depends_on: [{asset: b, window: [-2, 0]}]}
          d: {sql: models/d.sql, depends_on: [{asset: c, window: [-6, 0]}]}
        """);
    Files.writeString(dir.resolve("models/a.sql"), "select {{ start }} as d\n");
    Files.writeString(dir.resolve("models/b.sql"), "select * from {{ ref('a') }}\n");
    Files.writeString(dir.resolve("models/c.sql"), "select * from {{ ref('b') }}\n");
    Files.writeString(dir.resolve("models/d.sql"), "select * from {{ ref('c') }}\n");
    Pipeline pipeline = PipelineLoader.load(dir);
    Planner planner = new Planner(pipeline);
    String last = LocalDate.of(1800, 1, 1).plusDays(PLANNER_PARTITIONS - 1).toString();
    PartitionSet set = PartitionSet.parse("1800-01-01.." + last, planner.grainOf(pipeline.assetNames()));
    PlanRequest request = new PlanRequest(pipeline.assetNames(), set, Reprocess.ALL, Order.ASC);
    planner.plan(request, PartitionStates.EMPTY); // warm-up
    System.gc();
    long heapBefore = usedHeap();
    long start = System.nanoTime();
    int tasks = planner.plan(request, PartitionStates.EMPTY).size();
    long millis = (System.nanoTime() - start) / 1_000_000;
    long heapAfter = usedHeap();
    out.printf("planner: %,d partitions x 4 assets = %,d tasks (window deps [-2,0] and [-6,0]) in %d ms, heap +%d MiB%n",
        PLANNER_PARTITIONS, tasks, millis, Math.max(0, heapAfter - heapBefore) >> 20);
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
