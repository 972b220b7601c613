package io.partita.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;

/**
 * TPC-H lineitem as a source table; a daily {@code lineitem_daily} (by l_shipdate) and a daily
 * revenue feature asset, backfilled over every shipping day by a bare 4-thread JDBC loop running
 * the same SQL as DELETE + INSERT per partition, then by Partita at max parallel 4 with {@code
 * batch_size: 1}, with {@code batch_size: auto}, and with auto and 5 checks. Each variant starts
 * from a copy of the same loaded warehouse file and must end with the bare loop's row counts and
 * revenue total.
 */
final class TpchBenchmark implements Benchmark {
  static final String LINEITEM_DAILY =
      """
      select * from lineitem where l_shipdate >= {{ start }} and l_shipdate < {{ end }}
      """;
  static final String REVENUE_DAILY =
      """
      select l_shipdate as d, l_returnflag, l_linestatus,
             sum(l_extendedprice * (1 - l_discount)) as revenue, sum(l_quantity) as quantity, count(*) as lines
      from {{ ref('lineitem_daily') }}
      where l_shipdate >= {{ start }} and l_shipdate < {{ end }}
      group by all
      """;
  private static final String CHECKS_LINEITEM =
      "    checks:\n"
          + "      - unique: {columns: [l_orderkey, l_linenumber]}\n"
          + "      - not_null: {columns: [l_orderkey, l_extendedprice]}\n";
  private static final String CHECKS_REVENUE =
      "    checks:\n"
          + "      - unique: {columns: [d, l_returnflag, l_linestatus]}\n"
          + "      - not_null: {columns: [revenue]}\n"
          + "      - range: {column: revenue, min: 0}\n";

  @Override
  public String name() {
    return "tpch";
  }

  @Override
  public String description() {
    return "TPC-H lineitem (--scale, default 1): ~2,500 daily partitions x 2 assets, Partita vs a"
        + " bare JDBC loop";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    Map<String, BenchProject> projects = new java.util.HashMap<>();
    for (String batchSize : java.util.List.of("1", "auto")) {
      projects.put(
          batchSize,
          BenchProject.create(
              "tpch-" + batchSize,
              Map.of(
                  "partita.yaml", yaml("", "", batchSize),
                  "models/lineitem_daily.sql", LINEITEM_DAILY,
                  "models/revenue_daily.sql", REVENUE_DAILY)));
    }
    BenchProject checkedAuto =
        BenchProject.create(
            "tpch-checks",
            Map.of(
                "partita.yaml", yaml(CHECKS_LINEITEM, CHECKS_REVENUE, "auto"),
                "models/lineitem_daily.sql", LINEITEM_DAILY,
                "models/revenue_daily.sql", REVENUE_DAILY));
    BenchProject plain = projects.get("1");
    Path base = plain.dir().resolve("lineitem.duckdb");
    long start = System.nanoTime();
    long rows = TpchLineitem.load(base, options.scale());
    long loadMillis = BenchProject.millisSince(start);
    LocalDate first;
    LocalDate last;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + base);
        Statement statement = connection.createStatement();
        ResultSet range =
            statement.executeQuery("select min(l_shipdate), max(l_shipdate) from lineitem")) {
      range.next();
      first = range.getObject(1, LocalDate.class);
      last = range.getObject(2, LocalDate.class);
    }
    if (options.tpchDays() > 0 && last.isAfter(first.plusDays(options.tpchDays() - 1))) {
      last = first.plusDays(options.tpchDays() - 1);
    }
    int days = (int) (last.toEpochDay() - first.toEpochDay() + 1);
    String partitions = first + ".." + last;
    out.printf(
        "tpch: scale %s, %,d lineitem rows generated and loaded in %,d ms; %,d daily partitions"
            + " (%s) x 2 assets%n",
        options.scale(), rows, loadMillis, days, partitions);
    BenchResult result =
        BenchResult.named(name())
            .parameter("scale", options.scale())
            .parameter("lineitem_rows", rows)
            .parameter("partitions", days)
            .parameter("assets", 2)
            .parameter("tasks", 2 * days)
            .figure("load_ms", loadMillis);

    Path bareFile = copy(base, plain.dir().resolve("bare.duckdb"));
    long bare = bareLoop(bareFile, first, last, BARE_THREADS);
    Totals expected = Totals.of(bareFile);
    Files.deleteIfExists(bareFile);
    out.printf(
        "  bare JDBC loop, %d threads (DELETE + INSERT per partition, same SQL): %,8d ms  (%s)%n",
        BARE_THREADS, bare, expected);
    result.figure("bare_ms", bare).figure("bare_threads", BARE_THREADS);
    long autoWithoutChecks = 0;
    for (Variant variant : VARIANTS) {
      BenchProject project = variant.checks() ? checkedAuto : projects.get(variant.batchSize());
      Path warehouse = copy(base, project.dir().resolve(variant.name() + ".duckdb"));
      BenchProject.Timed timed = project.backfill(variant.name(), partitions, PARALLEL, warehouse);
      Totals totals = Totals.of(warehouse);
      if (!totals.sameAs(expected)) {
        throw new IllegalStateException(
            "tpch " + variant.name() + " wrote " + totals + ", the bare loop " + expected);
      }
      double ratio = timed.millis() / (double) Math.max(1, bare);
      out.printf(
          "  partita --max-parallel %d, batch_size %-4s %s: %,8d ms  %.0f tasks/s  ratio"
              + " Partita/bare %.2f (aim %s)  same rows and revenue%n",
          PARALLEL,
          variant.batchSize(),
          variant.checks() ? "with 5 checks" : "no checks    ",
          timed.millis(),
          timed.tasksPerSecond(),
          ratio,
          variant.aim());
      result
          .figure(variant.name() + "_ms", timed.millis())
          .figure(variant.name() + "_ratio", ratio);
      if (variant.name().equals("parallel_4_auto")) {
        autoWithoutChecks = timed.millis();
      } else if (variant.checks() && autoWithoutChecks > 0) {
        double added = timed.millis() / (double) autoWithoutChecks - 1;
        out.printf(
            "  checks with batch_size auto add %+.0f%% to the same run without them (aim <= +30%%)%n",
            100 * added);
        result.figure("checks_auto_added_fraction", added);
      }
      Files.deleteIfExists(warehouse);
    }
    return result;
  }

  private static final int PARALLEL = 4;
  private static final int BARE_THREADS = 4;

  /** One Partita run: its figure names, batch size, whether with checks, and the aim printed. */
  private record Variant(String name, String batchSize, boolean checks, String aim) {}

  private static final java.util.List<Variant> VARIANTS =
      java.util.List.of(
          new Variant("parallel_4", "1", false, "<= 1.15"),
          new Variant("parallel_4_auto", "auto", false, "<= 0.50"),
          new Variant("checks_parallel_4_auto", "auto", true, "-"));

  /** Row counts of both tables and the revenue total, to hold every run to the bare loop's. */
  record Totals(long lineitemRows, long revenueRows, double revenue) {
    static Totals of(Path warehouse) throws java.sql.SQLException {
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + warehouse);
          Statement statement = connection.createStatement();
          ResultSet totals =
              statement.executeQuery(
                  "select (select count(*) from lineitem_daily), count(*), sum(revenue)"
                      + " from revenue_daily")) {
        totals.next();
        return new Totals(totals.getLong(1), totals.getLong(2), totals.getDouble(3));
      }
    }

    /**
     * Same rows; the revenue total equal up to the order doubles are added in (DuckDB sums groups
     * in parallel, so even two bare runs may differ in the last bits).
     */
    boolean sameAs(Totals other) {
      return lineitemRows == other.lineitemRows
          && revenueRows == other.revenueRows
          && Math.abs(revenue - other.revenue) <= 1e-9 * Math.abs(other.revenue);
    }

    @Override
    public String toString() {
      return String.format(
          "%,d lineitem_daily rows, %,d revenue_daily rows, revenue %.2f",
          lineitemRows, revenueRows, revenue);
    }
  }

  private static String yaml(String lineitemChecks, String revenueChecks, String batchSize) {
    return "name: tpch_bench\n"
        + "partitions: {grain: day, start: 1992-01-01}\n"
        + "defaults: {retries: 0}\n"
        + "assets:\n"
        + "  lineitem_daily:\n"
        + "    sql: models/lineitem_daily.sql\n"
        + "    time_column: l_shipdate\n"
        + "    batch_size: "
        + batchSize
        + "\n"
        + lineitemChecks
        + "  revenue_daily:\n"
        + "    sql: models/revenue_daily.sql\n"
        + "    time_column: d\n"
        + "    batch_size: "
        + batchSize
        + "\n"
        + revenueChecks;
  }

  private static Path copy(Path base, Path target) throws java.io.IOException {
    Files.copy(base, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /**
   * Both assets, day by day, with the SQL Partita renders: one DELETE + INSERT transaction each.
   * {@code threads} workers, each on its own connection, take the next day in order and do both
   * assets of it, as a hand-written parallel loop would. A write-write conflict is retried.
   */
  private static long bareLoop(Path file, LocalDate first, LocalDate last, int threads)
      throws Exception {
    try (Connection setup = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = setup.createStatement()) {
      statement.execute("create table lineitem_daily as select * from lineitem limit 0");
      statement.execute(
          "create table revenue_daily as "
              + render(REVENUE_DAILY, first, first.plusDays(1))
              + " limit 0");
      java.util.concurrent.atomic.AtomicLong nextDay =
          new java.util.concurrent.atomic.AtomicLong(first.toEpochDay());
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      try {
        java.util.List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(
              pool.submit(
                  () -> {
                    try (Connection connection =
                            setup.unwrap(org.duckdb.DuckDBConnection.class).duplicate();
                        Statement own = connection.createStatement()) {
                      for (long epochDay = nextDay.getAndIncrement();
                          epochDay <= last.toEpochDay();
                          epochDay = nextDay.getAndIncrement()) {
                        LocalDate day = LocalDate.ofEpochDay(epochDay);
                        replace(
                            connection,
                            own,
                            "lineitem_daily",
                            "l_shipdate",
                            render(LINEITEM_DAILY, day, day.plusDays(1)),
                            day);
                        replace(
                            connection,
                            own,
                            "revenue_daily",
                            "d",
                            render(REVENUE_DAILY, day, day.plusDays(1)),
                            day);
                      }
                    }
                    return null;
                  }));
        }
        for (java.util.concurrent.Future<?> worker : workers) {
          worker.get();
        }
      } finally {
        pool.shutdownNow();
      }
      return BenchProject.millisSince(start);
    }
  }

  private static void replace(
      Connection connection,
      Statement statement,
      String table,
      String timeColumn,
      String select,
      LocalDate day)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        replaceOnce(connection, statement, table, timeColumn, select, day);
        return;
      } catch (java.sql.SQLException e) {
        connection.rollback();
        connection.setAutoCommit(true);
        if (attempt == 5 || !String.valueOf(e.getMessage()).toLowerCase().contains("conflict")) {
          throw e;
        }
      }
    }
  }

  private static void replaceOnce(
      Connection connection,
      Statement statement,
      String table,
      String timeColumn,
      String select,
      LocalDate day)
      throws Exception {
    connection.setAutoCommit(false);
    statement.execute(
        "delete from "
            + table
            + " where "
            + timeColumn
            + " >= DATE '"
            + day
            + "' and "
            + timeColumn
            + " < DATE '"
            + day.plusDays(1)
            + "'");
    statement.execute("insert into " + table + " " + select);
    connection.commit();
    connection.setAutoCommit(true);
  }

  private static String render(String sql, LocalDate start, LocalDate end) {
    return sql.replace("{{ start }}", "DATE '" + start + "'")
        .replace("{{ end }}", "DATE '" + end + "'")
        .replace("{{ ref('lineitem_daily') }}", "lineitem_daily")
        .strip();
  }
}
