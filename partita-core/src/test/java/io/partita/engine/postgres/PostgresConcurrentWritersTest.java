package io.partita.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.Cancellation;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.PublishedPartition;
import io.partita.engine.RestoreRequest;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.WriteMode;
import io.partita.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workers on several machines, each with its own engine and connection pool, publishing into one
 * table of one PostgreSQL warehouse at the same moment: different partitions, and the same
 * partition twice (a task redone after its worker died between publishing and telling the state
 * store). The publishes are released together by a barrier so they really overlap.
 */
class PostgresConcurrentWritersTest {
  private static final PublishRequest OVERWRITE =
      new PublishRequest(WriteMode.OVERWRITE, List.of());
  private static final int WORKERS = 4;
  private static final int ROWS = 2000;

  private final List<PostgresEngine> engines = new ArrayList<>();
  private String database;

  @BeforeEach
  void openWorkers() {
    database = TestPostgres.freshDatabase();
    for (int i = 0; i < WORKERS + 2; i++) {
      engines.add(PostgresEngine.open(PgTestTargets.of(database), Clock.systemUTC()));
    }
  }

  @AfterEach
  void closeWorkers() {
    engines.forEach(PostgresEngine::close);
  }

  @Test
  void workersPublishingOneTableAtOnceLoseNoRowAndADuplicatePublishWritesOnce() throws Exception {
    PostgresEngine first = engines.get(0);
    String table = first.versionRelation("events", "v1");
    // What the duplicated partition held before the run: the way back must restore exactly this.
    first.publish(stage(first, "run-0", "2025-03-09", 3, 7), OVERWRITE);

    List<StagedPartition> staged = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      staged.add(stage(engines.get(i), "run-1", "2025-03-0" + (i + 1), ROWS, i + 1));
    }
    // The same task staged by two workers: the original and its redo after a crash.
    staged.add(stage(engines.get(WORKERS), "run-1", "2025-03-09", ROWS, 9));
    staged.add(stage(engines.get(WORKERS + 1), "run-1", "2025-03-09", ROWS, 9));

    CyclicBarrier start = new CyclicBarrier(staged.size());
    ExecutorService pool = Executors.newFixedThreadPool(staged.size());
    List<Future<PublishResult>> results = new ArrayList<>();
    for (int i = 0; i < staged.size(); i++) {
      PostgresEngine engine = engines.get(i);
      StagedPartition partition = staged.get(i);
      results.add(
          pool.submit(
              () -> {
                start.await();
                return engine.publish(partition, OVERWRITE);
              }));
    }
    pool.shutdown();
    // A gross bound: a deadlock would hang here (PostgreSQL would also abort one side).
    assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
    for (Future<PublishResult> result : results) {
      assertThat(result.get().rowsWritten()).isEqualTo(ROWS);
    }

    assertThat(
            rows(
                first,
                "SELECT event_date, count(*), count(DISTINCT id) FROM "
                    + table
                    + " GROUP BY event_date ORDER BY event_date"))
        .containsExactly(
            "2025-03-01 2000 2000",
            "2025-03-02 2000 2000",
            "2025-03-03 2000 2000",
            "2025-03-04 2000 2000",
            "2025-03-09 2000 2000");
    assertThat(first.published("run-1"))
        .extracting(PublishedPartition::partition)
        .containsExactlyInAnyOrder(
            "2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-09");
    assertThat(first.backups("run-1"))
        .filteredOn(backup -> backup.partition().equals("2025-03-09"))
        .singleElement()
        .satisfies(backup -> assertThat(backup.rows()).contains(3L));

    long restored =
        first.restore(
            "run-2",
            "run-1",
            List.of(
                new RestoreRequest(
                    "events",
                    table,
                    Grain.DAY.parseKey("2025-03-09"),
                    "event_date",
                    WriteMode.OVERWRITE,
                    List.of())));

    assertThat(restored).isEqualTo(3);
    assertThat(
            rows(
                first,
                "SELECT count(*), sum(amount) FROM "
                    + table
                    + " WHERE event_date = DATE '2025-03-09'"))
        .containsExactly("3 21");
  }

  @Test
  void workersWhoseFirstPublishesCreateTheTableAtOnceAllLand() throws Exception {
    List<StagedPartition> staged = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      staged.add(stage(engines.get(i), "run-" + i, "2025-04-0" + (i + 1), 10, 1));
    }
    CyclicBarrier start = new CyclicBarrier(WORKERS);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<Future<PublishResult>> results = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      PostgresEngine engine = engines.get(i);
      StagedPartition partition = staged.get(i);
      results.add(
          pool.submit(
              () -> {
                start.await();
                return engine.publish(partition, OVERWRITE);
              }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
    for (Future<PublishResult> result : results) {
      assertThat(result.get()).isEqualTo(new PublishResult(10, 0));
    }

    PostgresEngine reader = engines.get(WORKERS);
    assertThat(reader.liveVersion("events")).contains("v1");
    assertThat(
            rows(
                reader,
                "SELECT count(*), count(DISTINCT event_date) FROM " + reader.relation("events")))
        .containsExactly("40 4");
  }

  @Test
  void anOverwriteGoesAheadWhileAnotherOverwriteOfTheTableIsUnderWayButAMergeWaitsForIt()
      throws Exception {
    PostgresEngine first = engines.get(0);
    String table = first.versionRelation("events", "v1");
    first.publish(stage(first, "run-0", "2025-03-01", 3, 1), OVERWRITE);
    StagedPartition overwrite = stage(engines.get(1), "run-1", "2025-03-02", 5, 1);
    StagedPartition merge = stage(engines.get(2), "run-1", "2025-03-03", 5, 1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Connection other = DriverManager.getConnection(database);
        Connection observer = DriverManager.getConnection(database)) {
      // Another worker's overwrite of this table, caught in the middle of its transaction.
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("SELECT pg_advisory_xact_lock_shared(?, hashtext(?))")) {
        lock.setInt(1, PgPublishLocks.PUBLISH_LOCK_SPACE);
        lock.setString(2, PgLayout.lockName(new PgLayout("public").parse(table)));
        lock.executeQuery().close();
      }

      Future<PublishResult> overwritten =
          pool.submit(() -> engines.get(1).publish(overwrite, OVERWRITE));
      assertThat(overwritten.get(60, TimeUnit.SECONDS).rowsWritten()).isEqualTo(5);

      Future<PublishResult> merged =
          pool.submit(
              () ->
                  engines
                      .get(2)
                      .publish(
                          merge, new PublishRequest(WriteMode.MERGE, List.of("id", "event_date"))));
      awaitALockWait(observer);
      assertThat(merged).isNotDone();
      other.commit();
      assertThat(merged.get(60, TimeUnit.SECONDS).rowsWritten()).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(rows(first, "SELECT event_date, count(*) FROM " + table + " GROUP BY 1 ORDER BY 1"))
        .containsExactly("2025-03-01 3", "2025-03-02 5", "2025-03-03 5");
  }

  /** Waits until some session waits for an advisory lock (at most 60 s). */
  private static void awaitALockWait(Connection observer) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try (var result =
          observer
              .createStatement()
              .executeQuery(
                  "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
        result.next();
        if (result.getLong(1) > 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no publish waited for the table's lock within 60 s");
  }

  private static StagedPartition stage(
      PostgresEngine engine, String runId, String day, int rows, int factor) {
    String sql =
        "SELECT g AS id, DATE '"
            + day
            + "' AS event_date, g * "
            + factor
            + " AS amount FROM generate_series(0, "
            + (rows - 1)
            + ") AS g";
    StageRequest request =
        new StageRequest(
            runId,
            1,
            "events",
            engine.versionRelation("events", "v1"),
            Grain.DAY.parseKey(day),
            new StageModel(new TaskInput.Sql(sql), "event_date", "models/events.sql"));
    return engine.stage(request, new Cancellation());
  }

  private static List<String> rows(PostgresEngine engine, String sql) {
    return engine.query(sql, 100).rows().stream()
        .map(row -> row.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse(""))
        .toList();
  }
}
