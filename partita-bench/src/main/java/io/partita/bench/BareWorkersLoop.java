package io.partita.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a hand-written job does per partition with {@code threads} JDBC connections, the baseline of
 * {@code bench workers}: the same SQL as a Partita publish on PostgreSQL without state, leases or
 * checks. Stage into an UNLOGGED table (as Partita stages), check the window, then in one
 * transaction delete the partition's rows, insert the staged ones and record the partition in a
 * publish log (what exact resume after a crash needs), and drop the staging table.
 */
final class BareWorkersLoop {
  private BareWorkersLoop() {}

  /** Runs the loop over {@code partitions} days from {@code start}; wall time in ms. */
  static long run(String url, String model, LocalDate start, int partitions, int threads)
      throws Exception {
    try (Connection setup = DriverManager.getConnection(url, "postgres", "");
        Statement statement = setup.createStatement()) {
      statement.execute("create table target (d date, x integer)");
      statement.execute(
          "create table publish_log (partition text, rows bigint, published_at timestamptz)");
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long begin = System.nanoTime();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
                    for (int i = first; i < partitions; i += threads) {
                      publish(connection, model, start.plusDays(i), "staging_" + i);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return BenchProject.millisSince(begin);
  }

  private static void publish(Connection connection, String model, LocalDate day, String staging)
      throws Exception {
    String from = "DATE '" + day + "'";
    String to = "DATE '" + day.plusDays(1) + "'";
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "create unlogged table " + staging + " as " + model.replace("{{ start }}", from));
      long rows;
      try (var result =
          statement.executeQuery(
              "select count(*), count(*) filter (where d is null or d < "
                  + from
                  + " or d >= "
                  + to
                  + ") from "
                  + staging)) {
        result.next();
        rows = result.getLong(1);
      }
      connection.setAutoCommit(false);
      statement.execute("delete from target where d >= " + from + " and d < " + to);
      statement.execute("insert into target select d, x from " + staging);
      try (PreparedStatement log =
          connection.prepareStatement("insert into publish_log values (?, ?, now())")) {
        log.setString(1, day.toString());
        log.setLong(2, rows);
        log.executeUpdate();
      }
      connection.commit();
      connection.setAutoCommit(true);
      statement.execute("drop table " + staging);
    }
  }
}
