package io.partita.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;

/**
 * Orchestration overhead: no-op partitions (a model that selects one row) through Partita at max
 * parallel 1 and 4, against a bare JDBC loop doing the same SQL in the same process; then half as
 * many through the CLI end to end ({@link CliOverhead}).
 */
final class OverheadBenchmark implements Benchmark {
  private static final LocalDate START = LocalDate.of(2000, 1, 1);

  @Override
  public String name() {
    return "overhead";
  }

  @Override
  public String description() {
    return "2,000 no-op partitions at max-parallel 1 and 4 vs a bare JDBC loop: tasks/s, overhead"
        + " per task; then 1,000 through a child `partita backfill` vs a bare loop with as many"
        + " threads";
  }

  @Override
  public BenchResult run(BenchOptions options, PrintStream out) throws Exception {
    int partitions = options.overheadPartitions();
    BenchProject project =
        BenchProject.create(
            "overhead",
            Map.of(
                "partita.yaml",
                    """
                    name: bench
                    partitions: {grain: day, start: 2000-01-01}
                    defaults: {time_column: d, retries: 0}
                    assets:
                      noop:
                        sql: models/noop.sql
                    """,
                "models/noop.sql", "select {{ start }} as d, 1 as x\n"));
    String range = START + ".." + START.plusDays(partitions - 1);
    BenchResult result =
        BenchResult.named(name())
            .parameter("partitions", partitions)
            .parameter("model", "select 1 row");

    long bare = bareLoop(project.dir().resolve("bare.duckdb"), partitions);
    out.printf("overhead: %,d no-op partitions%n", partitions);
    out.printf(
        "  bare JDBC loop (stage, check, delete+insert, drop per partition): %6d ms  %.2f"
            + " ms/partition%n",
        bare, bare / (double) partitions);
    result.figure("bare_ms", bare).figure("bare_ms_per_partition", bare / (double) partitions);
    for (int parallel : new int[] {1, 4}) {
      BenchProject.Timed timed = project.backfill("p" + parallel, range, parallel);
      double overhead = (timed.millis() - bare) / (double) partitions;
      out.printf(
          "  partita --max-parallel %d: %6d ms  %.2f ms/task  %.0f tasks/s  overhead vs bare loop"
              + " %.2f ms/task%n",
          parallel, timed.millis(), timed.millisPerTask(), timed.tasksPerSecond(), overhead);
      result
          .figure("parallel_" + parallel + "_ms", timed.millis())
          .figure("parallel_" + parallel + "_ms_per_task", timed.millisPerTask())
          .figure("parallel_" + parallel + "_tasks_per_second", timed.tasksPerSecond())
          .figure("parallel_" + parallel + "_overhead_ms_per_task", overhead);
    }
    int cliPartitions = Math.max(1, partitions / 2);
    result.parameter("cli_partitions", cliPartitions);
    CliOverhead.measure(cliPartitions, result, out);
    return result;
  }

  /** The same statements Partita runs for an overwrite, without state, leases or checks. */
  private static long bareLoop(Path file, int partitions) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("create table noop (d date, x integer)");
      long start = System.nanoTime();
      LocalDate day = START;
      for (int i = 0; i < partitions; i++, day = day.plusDays(1)) {
        String from = "DATE '" + day + "'";
        String to = "DATE '" + day.plusDays(1) + "'";
        statement.execute("create table staging as select " + from + " as d, 1 as x");
        statement.execute(
            "select count(*) from staging where d is null or d < " + from + " or d >= " + to);
        connection.setAutoCommit(false);
        statement.execute("delete from noop where d >= " + from + " and d < " + to);
        statement.execute("insert into noop by name select * from staging");
        connection.commit();
        connection.setAutoCommit(true);
        statement.execute("drop table staging");
      }
      return BenchProject.millisSince(start);
    }
  }
}
