package io.partita.bench;

import io.partita.PartitaException;
import io.partita.backend.Backends;
import io.partita.backend.EngineOptions;
import io.partita.engine.Engine;
import io.partita.exec.BackfillRequest;
import io.partita.exec.ExecutionSettings;
import io.partita.exec.RunListener;
import io.partita.exec.RunManager;
import io.partita.exec.RunResult;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Partita on Spark + Iceberg ({@code warehouse: spark}, {@code local[2]}) against a bare Spark loop
 * doing one {@code INSERT OVERWRITE} per daily partition (dynamic partition overwrite) in the same
 * SparkSession, into an Iceberg table partitioned the same way: 200 daily partitions of 10,000
 * generated rows, Partita at {@code --max-parallel 4} with {@code batch_size: 1} and {@code auto}.
 * Every run must end with the bare loop's row count, day count and amount total.
 *
 * <p>partita-bench is built without Spark: this benchmark runs only when named, with partita-spark
 * and Spark on the class path ({@code ./partita bench spark} adds them, as for {@code warehouse:
 * spark} projects). The bare loop reaches the SparkSession of Partita's engine by reflection
 * ({@code SparkSession.active().sql(...)}), which keeps Spark out of this module's compile path.
 */
final class SparkBenchmark implements Benchmark {
  static final String MODEL =
      """
      select d as event_date, id as event_id, id % 100 as entity_id,
             (id * 7 + day(d)) % 1000 as amount
      from (select explode(sequence({{ start }}, date_sub({{ end }}, 1))) as d)
      cross join range(ROWS)
      """;
  private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
  private static final int PARALLEL = 4;
  private static final int DEFAULT_DAYS = 200;
  private static final int ROWS_PER_DAY = 10_000;
  private static final int WARM_UP_DAYS = 4;

  /** One Partita run: its figure name, batch size and the aim printed next to it. */
  private record Variant(String name, String batchSize, String aim) {}

  private static final List<Variant> VARIANTS =
      List.of(
          new Variant("parallel_4", "1", "<= 1.20"),
          new Variant("parallel_4_auto", "auto", "<= 0.50"));

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public String description() {
    return "Spark + Iceberg, local[2]: 200 daily partitions of 10,000 rows, Partita vs a bare"
        + " INSERT OVERWRITE loop (only when named; needs ./partita bench spark)";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    requireSpark();
    int days = options.tpchDays() > 0 ? options.tpchDays() : DEFAULT_DAYS;
    int rowsPerDay = ROWS_PER_DAY;
    LocalDate last = FIRST.plusDays(days - 1);
    String range = FIRST + ".." + last;
    out.printf(
        "spark: %,d daily partitions (%s) of %,d rows, local[2], Iceberg hadoop catalog%n",
        days, range, rowsPerDay);
    BenchResult result =
        BenchResult.named(name())
            .parameter("partitions", days)
            .parameter("rows_per_partition", rowsPerDay)
            .parameter("max_parallel", PARALLEL)
            .parameter("master", "local[2]");

    // Spark compiles and loads classes on its first jobs: warm both sides up on a few days first.
    BenchProject warmUp = project("warm-up", "1", rowsPerDay);
    try (Engine engine = open(warmUp)) {
      backfill(warmUp, engine, "warm-up", FIRST + ".." + FIRST.plusDays(WARM_UP_DAYS - 1));
      bareLoop(engine, rowsPerDay, FIRST, FIRST.plusDays(WARM_UP_DAYS - 1));
    }

    Totals expected;
    long bare;
    BenchProject single = project("batch-1", "1", rowsPerDay);
    try (Engine engine = open(single)) {
      bare = bareLoop(engine, rowsPerDay, FIRST, last);
      expected = Totals.of(engine, BARE_TABLE);
    }
    out.printf(
        "  bare Spark loop, one INSERT OVERWRITE per partition, same session: %,8d ms  (%s)%n",
        bare, expected);
    result.figure("bare_ms", bare);
    for (Variant variant : VARIANTS) {
      BenchProject project =
          variant.batchSize().equals("1")
              ? single
              : project("batch-" + variant.batchSize(), variant.batchSize(), rowsPerDay);
      Timed timed;
      Totals totals;
      try (Engine engine = open(project)) {
        timed = backfill(project, engine, variant.name(), range);
        totals = Totals.of(engine, engine.relation("events"));
      }
      if (!totals.equals(expected)) {
        throw new IllegalStateException(
            "spark " + variant.name() + " wrote " + totals + ", the bare loop " + expected);
      }
      long millis = timed.millis();
      double ratio = millis / (double) Math.max(1, bare);
      out.printf(
          "  partita --max-parallel %d, batch_size %-4s: %,8d ms  %.1f partitions/s  ratio"
              + " Partita/bare %.2f (aim %s)  same rows and amount; %d retried attempts%n",
          PARALLEL,
          variant.batchSize(),
          millis,
          days * 1000.0 / millis,
          ratio,
          variant.aim(),
          timed.retries());
      result
          .figure(variant.name() + "_ms", millis)
          .figure(variant.name() + "_ratio", ratio)
          .figure(variant.name() + "_retried_attempts", timed.retries());
    }
    return result;
  }

  private static final String BARE_TABLE = "lake.bench.bare_events";

  private static void requireSpark() {
    try {
      Class.forName("org.apache.spark.sql.SparkSession");
    } catch (ClassNotFoundException e) {
      throw PartitaException.user(
          "bench spark needs partita-spark and Spark on the class path: run it as ./partita bench"
              + " spark (the launcher adds them, as for warehouse: spark projects)");
    }
  }

  private static BenchProject project(String prefix, String batchSize, int rowsPerDay)
      throws java.io.IOException {
    return BenchProject.create(
        "spark-" + prefix,
        Map.of(
            "partita.yaml",
            """
            name: spark_bench
            warehouse: spark
            spark:
              master: local[2]
              catalog: {name: lake, type: hadoop, warehouse: .partita/lake}
              namespace: bench
            partitions: {grain: day, start: 2024-01-01, timezone: UTC}
            defaults: {retries: 2, time_column: event_date}
            assets:
              events:
                sql: models/events.sql
                batch_size: BATCH
            """
                .replace("BATCH", batchSize),
            "models/events.sql",
            MODEL.replace("ROWS", String.valueOf(rowsPerDay))));
  }

  private static Engine open(BenchProject project) {
    return Backends.engine("spark")
        .open(project.dir(), EngineOptions.forWriting(Clock.systemUTC()));
  }

  /** What one backfill took and how many task attempts were retries (commit conflicts, say). */
  private record Timed(long millis, long retries) {}

  /** A backfill of {@code range} with its own SQLite state store, timed from plan to finish. */
  private static Timed backfill(BenchProject project, Engine engine, String variant, String range) {
    try (StateStore store =
        Backends.stateStore("sqlite:.partita/state-" + variant + ".db").open(project.dir())) {
      RunManager runs =
          new RunManager(
              project.dir(),
              store,
              () -> engine,
              Backends.engine("spark").provider().sqlParser(),
              Clock.systemUTC(),
              ExecutionSettings.DEFAULT);
      long start = System.nanoTime();
      BackfillRequest request = BackfillRequest.of(range).withMaxParallel(PARALLEL);
      RunRecord run = runs.create(runs.plan(request), request);
      RunResult result = runs.execute(run.id(), RunListener.NONE);
      long millis = BenchProject.millisSince(start);
      if (result.exitCode() != 0) {
        String first =
            result.tasks().stream()
                .filter(task -> task.error().isPresent())
                .map(task -> task.partition() + ": " + task.error().get())
                .findFirst()
                .orElse("no task error recorded");
        throw new IllegalStateException(
            "benchmark run " + variant + " failed: " + result.status() + "; first error: " + first);
      }
      return new Timed(
          millis, result.tasks().stream().mapToLong(task -> task.attempts() - 1).sum());
    }
  }

  /**
   * What a user would write in an afternoon: for each day, the model rendered for that day as one
   * {@code INSERT OVERWRITE} (dynamic: it replaces the day's partition), in the SparkSession of
   * {@code engine} (the one Partita uses), one after the other.
   */
  private static long bareLoop(Engine engine, int rowsPerDay, LocalDate first, LocalDate last)
      throws ReflectiveOperationException {
    engine.query("SELECT 1", 1); // makes the engine's session this thread's active one
    sql("DROP TABLE IF EXISTS " + BARE_TABLE);
    sql(
        "CREATE TABLE "
            + BARE_TABLE
            + " USING iceberg PARTITIONED BY (days(event_date)) TBLPROPERTIES ('format-version' ="
            + " '2', 'write.distribution-mode' = 'none', 'write.spark.fanout.enabled' = 'true') AS "
            + render(rowsPerDay, first)
            + " LIMIT 0");
    sql("SET spark.sql.sources.partitionOverwriteMode = dynamic");
    try {
      long start = System.nanoTime();
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
        sql("INSERT OVERWRITE " + BARE_TABLE + " " + render(rowsPerDay, day));
      }
      return BenchProject.millisSince(start);
    } finally {
      sql("RESET spark.sql.sources.partitionOverwriteMode");
    }
  }

  private static String render(int rowsPerDay, LocalDate day) {
    return MODEL
        .replace("ROWS", String.valueOf(rowsPerDay))
        .replace("{{ start }}", "DATE '" + day + "'")
        .replace("{{ end }}", "DATE '" + day.plusDays(1) + "'")
        .strip();
  }

  /** {@code SparkSession.active().sql(statement)}: Spark commands run eagerly. */
  private static void sql(String statement) throws ReflectiveOperationException {
    Class<?> sparkSession = Class.forName("org.apache.spark.sql.SparkSession");
    Object session = sparkSession.getMethod("active").invoke(null);
    sparkSession.getMethod("sql", String.class).invoke(session, statement);
  }

  /** Rows, days and the amount total of a table, to hold every run to the bare loop's. */
  record Totals(long rows, long days, long amount) {
    static Totals of(Engine engine, String relation) {
      List<Object> row =
          engine
              .query("SELECT count(*), count(DISTINCT event_date), sum(amount) FROM " + relation, 1)
              .rows()
              .get(0);
      return new Totals(
          ((Number) row.get(0)).longValue(),
          ((Number) row.get(1)).longValue(),
          ((Number) row.get(2)).longValue());
    }

    @Override
    public String toString() {
      return String.format("%,d rows, %,d days, amount %,d", rows, days, amount);
    }
  }
}
