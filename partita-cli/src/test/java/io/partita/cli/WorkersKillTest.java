package io.partita.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three `partita worker` processes share a 300-task backfill (`backfill --detach`) on a PostgreSQL
 * state store and warehouse; one is killed with SIGKILL at a random point. The others declare it
 * dead after `worker_timeout`, return its task and finish the run: every partition is published
 * exactly once, no key is duplicated, state and warehouse agree, and the limits (asset concurrency
 * and a pool) held at every moment, measured from the tasks' start and finish times. Three seeds by
 * default; {@code -Dpartita.workers.seeds=10} runs ten.
 */
class WorkersKillTest {
  private static final int PARTITIONS = 150;
  private static final String RANGE = "2024-01-01..2024-05-29";
  private static final int WORKERS = 3;

  @TempDir Path temp;

  static Stream<Long> seeds() {
    return Stream.iterate(1L, seed -> seed + 1)
        .limit(Integer.getInteger("partita.workers.seeds", 3));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aWorkerKilledAtARandomPointLeavesEveryPartitionPublishedOnceWithinTheLimits(long seed)
      throws Exception {
    Random random = new Random(seed);
    String database = CliPostgres.freshDatabase();
    Path project = project(temp.resolve("p"), database);
    List<ChildCli> workers = new ArrayList<>();
    try (Connection db = CliPostgres.connect(database)) {
      for (int i = 1; i <= WORKERS; i++) {
        workers.add(
            ChildCli.start(
                temp.resolve("logs"),
                "worker",
                "--project",
                project.toString(),
                "--slots",
                "2",
                "--name",
                "w" + i));
      }
      Cli.Result detached =
          Cli.in(project, "backfill", "--partitions", RANGE, "--max-parallel", "6", "--detach");
      detached.assertExit(0);
      String runId = detached.stdout().strip();
      assertThat(count(db, "SELECT count(*) FROM partita.tasks")).isEqualTo(2 * PARTITIONS);

      int victim = random.nextInt(WORKERS);
      long killAfter = 1 + random.nextInt(2 * PARTITIONS - 20);
      long start = System.nanoTime();
      while (succeeded(db, runId) < killAfter) {
        assertThat(workers.get(victim).isAlive())
            .as("worker alive%n%s", workers.get(victim).output())
            .isTrue();
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(20));
      workers.get(victim).kill();
      String killed = "w" + (victim + 1);
      // Where the kill landed: the tasks the victim held, and how far the run was.
      long held =
          count(db, "SELECT count(*) FROM partita.task_claims WHERE worker = '" + killed + "'");
      long doneAtKill = succeeded(db, runId);
      awaitUntil(
          db,
          "SELECT count(*) FROM partita.runs WHERE id = '"
              + runId
              + "' AND status"
              + " IN ('SUCCEEDED', 'FAILED', 'CANCELLED')",
          300);
      awaitUntil(
          db,
          "SELECT count(*) FROM partita.workers WHERE name = '"
              + killed
              + "' AND"
              + " state = 'DEAD'",
          60);
      double seconds = (System.nanoTime() - start) / 1e9;
      for (int i = 0; i < WORKERS; i++) {
        if (i != victim) {
          workers.get(i).process().destroy(); // SIGTERM: a clean stop
          assertThat(workers.get(i).await(120)).as("%s", workers.get(i).output()).isZero();
        }
      }

      assertThat(text(db, "SELECT status FROM partita.runs WHERE id = '" + runId + "'"))
          .isEqualTo("SUCCEEDED");
      assertThat(count(db, "SELECT count(*) FROM partita.tasks WHERE status = 'SUCCEEDED'"))
          .isEqualTo(2 * PARTITIONS);
      assertThat(count(db, "SELECT count(*) FROM partita.task_claims")).isZero();
      // Exactly once: one publish per partition by the run, none twice.
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM (SELECT asset, partition FROM _partita__wh.publish_log"
                      + " WHERE run_id = '"
                      + runId
                      + "' GROUP BY asset, partition HAVING count(*) = 1) once"))
          .isEqualTo(2 * PARTITIONS);
      assertThat(count(db, "SELECT count(*) FROM _partita__wh.publish_log"))
          .isEqualTo(2 * PARTITIONS);
      assertThat(count(db, "SELECT count(*) FROM wh.events")).isEqualTo(PARTITIONS * 20L);
      assertThat(count(db, "SELECT count(DISTINCT (d, id)) FROM wh.events"))
          .isEqualTo(PARTITIONS * 20L);
      assertThat(count(db, "SELECT count(*) FROM wh.daily WHERE n = 20")).isEqualTo(PARTITIONS);
      // State and warehouse agree on every partition's rows.
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM partita.partitions p JOIN _partita__wh.publish_log l"
                      + " ON l.asset = p.asset AND l.partition = p.partition"
                      + " WHERE p.status = 'SUCCEEDED' AND p.rows = l.rows"))
          .isEqualTo(2 * PARTITIONS);
      // Every attempt is audited under the worker that ran it, the victim's included.
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM partita.audit_log WHERE run_id = '"
                      + runId
                      + "' AND (worker IS NULL OR worker NOT IN ('w1', 'w2', 'w3'))"))
          .isZero();
      assertThat(
              count(
                  db,
                  "SELECT count(DISTINCT (asset, partition)) FROM partita.audit_log"
                      + " WHERE run_id = '"
                      + runId
                      + "' AND event = 'START'"))
          .as("every task has the START row of an attempt (a killed attempt has no END)")
          .isEqualTo(2 * PARTITIONS);
      List<long[]> intervals = intervals(db);
      int events = maxOverlap(intervals, 0);
      int daily = maxOverlap(intervals, 1);
      int pool = maxOverlap(intervals, -1);
      assertThat(events).isBetween(1, 2);
      assertThat(daily).isBetween(1, 2);
      assertThat(pool).isBetween(1, 3);
      long retried = count(db, "SELECT count(*) FROM partita.tasks WHERE attempts > 1");
      long doneByVictim =
          count(db, "SELECT tasks_done FROM partita.workers WHERE name = '" + killed + "'");
      System.out.printf(
          "workers kill test seed %d: killed %s at %d of %d tasks succeeded, holding %d claim(s),"
              + " tasks_done %d; %d task(s) re-run (its other claims were settled from the"
              + " publish log); run done in %.1f s; max concurrent events %d"
              + " (limit 2), daily %d (limit 2), pool db %d (limit 3)%n",
          seed,
          killed,
          doneAtKill,
          2 * PARTITIONS,
          held,
          doneByVictim,
          retried,
          seconds,
          events,
          daily,
          pool);
    } finally {
      for (ChildCli worker : workers) {
        worker.close();
      }
    }
  }

  private static Path project(Path dir, String database) throws IOException {
    String server = CliPostgres.url(database);
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(
        dir.resolve("partita.yaml"),
        """
        name: workers
        state: %s?schema=partita
        warehouse: %s?schema=wh
        partitions: {grain: day, start: 2024-01-01, timezone: UTC}
        worker_timeout: 3s
        defaults: {retries: 0, time_column: d}
        pools: {db: 3}
        assets:
          events:
            sql: models/events.sql
            unique_key: [d, id]
            concurrency: 2
            pool: db
          daily:
            sql: models/daily.sql
            concurrency: 2
            pool: db
        """
            .formatted(server, server));
    Files.writeString(
        dir.resolve("models/events.sql"),
        "select {{ start }}::date as d, g as id, g * 2 as amount"
            + " from generate_series(1, 20) as g\n");
    Files.writeString(
        dir.resolve("models/daily.sql"),
        "select d, count(*) as n, sum(amount) as total from {{ ref('events') }}"
            + " where d >= {{ start }} and d < {{ end }} group by d\n");
    return dir;
  }

  private static long succeeded(Connection db, String runId) throws SQLException {
    return count(
        db,
        "SELECT count(*) FROM partita.tasks WHERE run_id = '"
            + runId
            + "' AND status = 'SUCCEEDED'");
  }

  private static void awaitUntil(Connection db, String countQuery, int seconds)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (count(db, countQuery) == 0) {
      assertThat(System.nanoTime()).as("within %d s: %s", seconds, countQuery).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** Each task's {start, end, asset (0 events, 1 daily)} in epoch milliseconds. */
  private static List<long[]> intervals(Connection db) throws SQLException {
    List<long[]> intervals = new ArrayList<>();
    try (Statement statement = db.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT asset, started_at, finished_at FROM partita.tasks")) {
      while (row.next()) {
        intervals.add(
            new long[] {
              Instant.parse(row.getString(2)).toEpochMilli(),
              Instant.parse(row.getString(3)).toEpochMilli(),
              row.getString(1).equals("events") ? 0 : 1
            });
      }
    }
    return intervals;
  }

  /** Most intervals of {@code asset} (-1: any) open at once; touching ends do not overlap. */
  private static int maxOverlap(List<long[]> intervals, int asset) {
    List<long[]> events = new ArrayList<>();
    for (long[] interval : intervals) {
      if (asset < 0 || interval[2] == asset) {
        events.add(new long[] {interval[0], 1});
        events.add(new long[] {interval[1], -1});
      }
    }
    events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int current = 0;
    int max = 0;
    for (long[] event : events) {
      current += (int) event[1];
      max = Math.max(max, current);
    }
    return max;
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static String text(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }
}
