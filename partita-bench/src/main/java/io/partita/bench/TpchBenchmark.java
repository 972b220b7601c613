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
 * revenue feature asset, backfilled over every shipping day by Partita (max parallel 1 and 4, with
 * and without checks) and by a bare JDBC loop running the same SQL as DELETE + INSERT per
 * partition. Each variant starts from a copy of the same loaded warehouse file.
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
    BenchProject plain =
        BenchProject.create(
            "tpch",
            Map.of(
                "partita.yaml", yaml("", ""),
                "models/lineitem_daily.sql", LINEITEM_DAILY,
                "models/revenue_daily.sql", REVENUE_DAILY));
    BenchProject checked =
        BenchProject.create(
            "tpch-checks",
            Map.of(
                "partita.yaml", yaml(CHECKS_LINEITEM, CHECKS_REVENUE),
                "models/lineitem_daily.sql", LINEITEM_DAILY,
                "models/revenue_daily.sql", REVENUE_DAILY));
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

    long bare = bareLoop(copy(base, plain.dir().resolve("bare.duckdb")), first, last);
    out.printf("  bare JDBC loop (DELETE + INSERT per partition, same SQL): %,8d ms%n", bare);
    result.figure("bare_ms", bare);
    for (boolean withChecks : new boolean[] {false, true}) {
      BenchProject project = withChecks ? checked : plain;
      for (int parallel : new int[] {1, 4}) {
        String variant = (withChecks ? "checks_" : "") + "parallel_" + parallel;
        Path warehouse = copy(base, project.dir().resolve(variant + ".duckdb"));
        BenchProject.Timed timed = project.backfill(variant, partitions, parallel, warehouse);
        double ratio = timed.millis() / (double) Math.max(1, bare);
        out.printf(
            "  partita --max-parallel %d %s: %,8d ms  %.0f tasks/s  ratio Partita/bare %.2f%n",
            parallel,
            withChecks ? "with 5 checks   " : "without checks  ",
            timed.millis(),
            timed.tasksPerSecond(),
            ratio);
        result.figure(variant + "_ms", timed.millis()).figure(variant + "_ratio", ratio);
        Files.deleteIfExists(warehouse);
      }
    }
    return result;
  }

  private static String yaml(String lineitemChecks, String revenueChecks) {
    return "name: tpch_bench\n"
        + "partitions: {grain: day, start: 1992-01-01}\n"
        + "defaults: {retries: 0}\n"
        + "assets:\n"
        + "  lineitem_daily:\n"
        + "    sql: models/lineitem_daily.sql\n"
        + "    time_column: l_shipdate\n"
        + lineitemChecks
        + "  revenue_daily:\n"
        + "    sql: models/revenue_daily.sql\n"
        + "    time_column: d\n"
        + revenueChecks;
  }

  private static Path copy(Path base, Path target) throws java.io.IOException {
    Files.copy(base, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /**
   * Both assets, day by day, with the SQL Partita renders: one DELETE + INSERT transaction each.
   */
  private static long bareLoop(Path file, LocalDate first, LocalDate last) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("create table lineitem_daily as select * from lineitem limit 0");
      statement.execute(
          "create table revenue_daily as "
              + render(REVENUE_DAILY, first, first.plusDays(1))
              + " limit 0");
      long start = System.nanoTime();
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
        replace(
            connection,
            statement,
            "lineitem_daily",
            "l_shipdate",
            render(LINEITEM_DAILY, day, day.plusDays(1)),
            day);
        replace(
            connection,
            statement,
            "revenue_daily",
            "d",
            render(REVENUE_DAILY, day, day.plusDays(1)),
            day);
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
