package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.PublishedPartition;
import io.partita.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code partita worker} processes share a detached backfill on one Spark + Iceberg warehouse:
 * an Iceberg JDBC catalog and the state store in one real PostgreSQL, each worker its own JVM and
 * SparkSession committing to the same tables. One worker is killed with SIGKILL while it holds a
 * task; the other declares it dead after {@code worker_timeout}, takes its task back and finishes
 * the run. Every partition is on main exactly once, and {@code gc} leaves no audit branch behind.
 */
class SparkWorkersTest {
  private static final int DAYS = 8;
  private static final String RANGE = "2025-03-01..2025-03-08";
  private static final int TASKS = 2 * DAYS;
  private static final long PATIENCE_SECONDS = 150;

  @TempDir Path temp;

  @Test
  void aWorkerKilledMidRunLeavesEveryPartitionOnMainExactlyOnceAndNoAuditBranchAfterGc()
      throws Exception {
    String database = TestPostgres.freshDatabaseName();
    Path project = project(temp.resolve("p"), database);
    List<Process> workers = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(TestPostgres.jdbcUrl(database))) {
      for (String name : List.of("w1", "w2")) {
        workers.add(startWorker(project, name));
      }
      SparkProject.Result detached =
          SparkProject.cli(
              project, "backfill", "--partitions", RANGE, "--max-parallel", "4", "--detach");
      assertThat(detached.exitCode()).as("%s", detached).isZero();
      String runId = detached.stdout().strip();

      long started = System.nanoTime();
      // Kill w1 once some partitions are published and it holds a task: mid-run, mid-task.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
      while (succeeded(db, runId) < 3
          || count(db, "SELECT count(*) FROM partita.task_claims WHERE worker = 'w1'") == 0) {
        assertThat(workers.get(0).isAlive()).as("w1 alive%n%s", logs()).isTrue();
        assertThat(System.nanoTime()).as("w1 got to work%n%s", logs()).isLessThan(deadline);
        Thread.sleep(100);
      }
      workers.get(0).destroyForcibly();
      workers.get(0).waitFor(30, TimeUnit.SECONDS);
      long doneAtKill = succeeded(db, runId);
      double killedAfter = (System.nanoTime() - started) / 1e9;
      assertThat(doneAtKill).as("killed before the run ended").isLessThan(TASKS);

      awaitCount(
          db,
          "SELECT count(*) FROM partita.runs WHERE id = '"
              + runId
              + "' AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')",
          deadline);
      double runSeconds = (System.nanoTime() - started) / 1e9;
      workers.get(1).destroy(); // SIGTERM: a clean stop
      assertThat(workers.get(1).waitFor(60, TimeUnit.SECONDS)).as("%s", logs()).isTrue();
      assertThat(workers.get(1).exitValue()).as("%s", logs()).isZero();

      assertThat(text(db, "SELECT status FROM partita.runs WHERE id = '" + runId + "'"))
          .as("%s", logs())
          .isEqualTo("SUCCEEDED");
      assertThat(count(db, "SELECT count(*) FROM partita.tasks WHERE status = 'SUCCEEDED'"))
          .isEqualTo(TASKS);
      assertThat(count(db, "SELECT count(*) FROM partita.task_claims")).isZero();
      assertThat(text(db, "SELECT state FROM partita.workers WHERE name = 'w1'")).isEqualTo("DEAD");
      long orphans;
      Map<String, Long> publishes;
      // Before gc: the publish log is main's snapshot history, which gc with retention 0 expires.
      try (SparkEngine engine = SparkEngine.open(SparkSettings.load(project), Clock.systemUTC())) {
        orphans = auditBranches(engine);
        publishes =
            engine.published(runId).stream()
                .collect(
                    Collectors.groupingBy(
                        (PublishedPartition p) -> p.asset() + " " + p.partition(),
                        TreeMap::new,
                        Collectors.counting()));
      }
      assertThat(publishes).as("one publish per partition").hasSize(TASKS);
      assertThat(publishes.values()).containsOnly(1L);

      SparkProject.Result gc = SparkProject.cli(project, "gc", "--retention", "0");

      assertThat(gc.exitCode()).as("%s", gc).isZero();
      try (SparkEngine engine = SparkEngine.open(SparkSettings.load(project), Clock.systemUTC())) {
        assertThat(
                rows(
                    engine,
                    "SELECT event_date, count(*), count(DISTINCT id), sum(amount) FROM "
                        + engine.relation("events")
                        + " GROUP BY event_date ORDER BY event_date"))
            .as("every day's 5 events once")
            .hasSize(DAYS)
            .allMatch(row -> row.endsWith(" 5 5 30"), "5 rows, 5 distinct ids, amount 30");
        assertThat(
                rows(
                    engine,
                    "SELECT count(*), count(DISTINCT entity_id, event_date), sum(total),"
                        + " sum(events) FROM "
                        + engine.relation("features")))
            .as("3 entities a day, merged once: totals and event counts add up")
            .containsExactly((3 * DAYS) + " " + (3 * DAYS) + " " + (30 * DAYS) + " " + (5 * DAYS));
        for (String table : List.of("events__v1", "features__v1")) {
          Table iceberg = engine.tables().load(table).orElseThrow();
          assertThat(iceberg.refs().keySet()).as("refs of %s after gc", table).containsOnly("main");
        }
      }
      System.out.printf(
          "spark workers test: w1 killed %.1f s into the run at %d of %d tasks succeeded; run"
              + " done after %.1f s; %d audit branch(es) left before gc; %d task(s) re-run%n",
          killedAfter,
          doneAtKill,
          TASKS,
          runSeconds,
          orphans,
          count(db, "SELECT count(*) FROM partita.tasks WHERE attempts > 1"));
    } finally {
      for (Process worker : workers) {
        worker.destroyForcibly();
        worker.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static Path project(Path dir, String database) throws IOException {
    String catalog = TestPostgres.jdbcUrl(database);
    String state =
        "postgresql://postgres@localhost:"
            + TestPostgres.port()
            + "/"
            + database
            + "?schema=partita";
    SparkProject.write(
        dir.resolve("partita.yaml"),
        """
        name: spark_workers
        state: %s
        warehouse: spark
        spark:
          master: local[1]
          catalog: {name: lake, type: jdbc, uri: '%s', warehouse: .partita/lake}
          namespace: demo
          conf: {spark.sql.codegen.wholeStage: false, spark.sql.codegen.factoryMode: NO_CODEGEN,\
         spark.sql.adaptive.enabled: false, spark.default.parallelism: 1,\
         spark.sql.shuffle.partitions: 1, spark.ui.enabled: false}
        worker_timeout: 6s
        partitions: {grain: day, start: 2025-03-01, timezone: UTC}
        defaults: {concurrency: 2, retries: 0, time_column: event_date}
        assets:
          events:
            sql: models/events.sql
          features:
            sql: models/features.sql
            write_mode: merge
            unique_key: [entity_id, event_date]
        """
            .formatted(state, catalog));
    SparkProject.write(
        dir.resolve("models/events.sql"),
        """
        select id, id % 3 as entity_id, {{ start }} as event_date, id * 2 as amount
        from (select explode(sequence(1, 5)) as id)
        """);
    SparkProject.write(
        dir.resolve("models/features.sql"),
        """
        select entity_id, event_date, sum(amount) as total, count(*) as events
        from {{ ref('events') }}
        where event_date >= {{ start }} and event_date < {{ end }}
        group by entity_id, event_date
        """);
    return dir;
  }

  private Process startWorker(Path project, String name) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("spark.add-opens").split(" ")));
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.partita.cli.Main");
    command.addAll(
        List.of("worker", "--project", project.toString(), "--slots", "2", "--name", name));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve(name + ".log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("w1", "w2")) {
      Path log = temp.resolve(name + ".log");
      try {
        text.append("--- ").append(name).append('\n');
        text.append(Files.exists(log) ? Files.readString(log) : "(no log)\n");
      } catch (IOException e) {
        text.append("(cannot read: ").append(e).append(")\n");
      }
    }
    return text.toString();
  }

  /** Audit branches on the tables now (a killed worker's staged partition leaves one). */
  private static long auditBranches(SparkEngine engine) {
    long branches = 0;
    for (String table : List.of("events__v1", "features__v1")) {
      branches +=
          engine.tables().load(table).orElseThrow().refs().keySet().stream()
              .filter(ref -> ref.startsWith("audit_"))
              .count();
    }
    return branches;
  }

  private static long succeeded(Connection db, String runId) throws SQLException {
    return count(
        db,
        "SELECT count(*) FROM partita.tasks WHERE run_id = '"
            + runId
            + "' AND status = 'SUCCEEDED'");
  }

  private void awaitCount(Connection db, String countQuery, long deadline)
      throws SQLException, InterruptedException {
    while (count(db, countQuery) == 0) {
      assertThat(System.nanoTime()).as("in time: %s%n%s", countQuery, logs()).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static List<String> rows(SparkEngine engine, String sql) {
    return engine.query(sql, 100).rows().stream()
        .map(row -> String.join(" ", row.stream().map(String::valueOf).toList()))
        .toList();
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
