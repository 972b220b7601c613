package io.partita.engine.duckdb;

import static io.partita.engine.duckdb.DuckDbEngineTest.OVERWRITE;
import static io.partita.engine.duckdb.DuckDbEngineTest.dayOfEvents;
import static io.partita.engine.duckdb.DuckDbEngineTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.Cancellation;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.RestoreRequest;
import io.partita.engine.StageRequest;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.WriteMode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition nothing reads before its publish is computed straight into the target, with the
 * guarantees of a staged publish; what the direct write does not take, it leaves untouched.
 */
class DuckDbDirectWriterTest {
  @TempDir Path project;
  DuckDbEngine engine;

  @BeforeEach
  void open() {
    engine = DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project);
    // The first publish creates the table (a direct write only takes a table it knows).
    engine.publish(
        engine.stage(request("events", "2025-03-01", dayOfEvents("2025-03-01", 3, 1)), cancel()),
        OVERWRITE);
    engine.publish(
        engine.stage(request("events", "2025-03-02", dayOfEvents("2025-03-02", 2, 1)), cancel()),
        OVERWRITE);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aDirectWriteAppendsAnEmptyWindowLogsItAndCanBeRolledBack() {
    StageRequest third =
        request(
            "run-2",
            "events",
            Grain.DAY.parseKey("2025-03-03"),
            "event_date",
            new TaskInput.Sql(dayOfEvents("2025-03-03", 5, 10)));

    assertThat(engine.writeDirectly(third, OVERWRITE, cancel())).contains(new PublishResult(5, 0));

    assertThat(rows("select event_date, count(*), sum(amount) from events group by 1 order by 1"))
        .containsExactly(
            List.of(LocalDate.parse("2025-03-01"), 3L, BigInteger.valueOf(3)),
            List.of(LocalDate.parse("2025-03-02"), 2L, BigInteger.ONE),
            List.of(LocalDate.parse("2025-03-03"), 5L, BigInteger.valueOf(100)));
    assertThat(engine.lastPublish("events", "2025-03-03"))
        .hasValueSatisfying(
            publish -> {
              assertThat(publish.runId()).isEqualTo("run-2");
              assertThat(publish.rows()).isEqualTo(5);
            });

    engine.restore("rollback-1", "run-2", List.of(restoreOf("2025-03-03")));
    assertThat(rows("select count(*) from events where event_date = '2025-03-03'"))
        .containsExactly(List.of(0L));
  }

  /**
   * Direct writes keep their connections between tasks (the publish-log INSERT stays prepared):
   * each task's rows and log row still commit, and closing the engine closes them too, so another
   * process can open the warehouse.
   */
  @Test
  void keptConnectionsServeManyWritesAndCloseWithTheEngine() throws Exception {
    for (int day = 3; day <= 6; day++) {
      String key = "2025-03-0" + day;
      String runId = "run-" + day;
      assertThat(
              engine.writeDirectly(
                  request(
                      runId,
                      "events",
                      Grain.DAY.parseKey(key),
                      "event_date",
                      new TaskInput.Sql(dayOfEvents(key, day, 1))),
                  OVERWRITE,
                  cancel()))
          .contains(new PublishResult(day, 0));
      assertThat(engine.lastPublish("events", key))
          .hasValueSatisfying(publish -> assertThat(publish.runId()).isEqualTo(runId));
    }
    assertThat(rows("select count(*) from events where event_date >= '2025-03-03'"))
        .containsExactly(List.of(18L));
    Path warehouse = project.resolve(".partita/warehouse.duckdb");
    engine.close();

    Process other = WarehouseLockHolder.start(warehouse, project);
    try {
      assertThat(WarehouseLockHolder.firstLine(other))
          .as("the other process opened the warehouse")
          .isEqualTo("ready");
    } finally {
      WarehouseLockHolder.stop(other);
    }
  }

  /**
   * A window with rows is replaced by the staged path, which computes the model before deleting
   * anything: a model that reads its own table sees the rows it replaces.
   */
  @Test
  void aWindowWithRowsIsLeftToTheStagedPathSoAModelReadingItsOwnTableSeesThem() {
    String doubled =
        "select id, event_date, amount * 2 as amount from \"events\""
            + " where event_date = DATE '2025-03-01'";
    StageRequest rerun = request("events", "2025-03-01", doubled);

    assertThat(engine.writeDirectly(rerun, OVERWRITE, cancel())).isEmpty();
    assertThat(rows("select count(*), sum(amount) from events where event_date = '2025-03-01'"))
        .containsExactly(List.of(3L, BigInteger.valueOf(3)));

    engine.publish(engine.stage(rerun, cancel()), OVERWRITE);
    assertThat(rows("select count(*), sum(amount) from events where event_date = '2025-03-01'"))
        .containsExactly(List.of(3L, BigInteger.valueOf(6)));
  }

  @Test
  void aWindowWithRowsIsNeverAppendedToEvenByAQueryThatDoesNotReadThem() {
    StageRequest rerun =
        request(
            "run-2",
            "events",
            Grain.DAY.parseKey("2025-03-02"),
            "event_date",
            new TaskInput.Sql(dayOfEvents("2025-03-02", 4, 5)));

    assertThat(engine.writeDirectly(rerun, OVERWRITE, cancel())).isEmpty();

    assertThat(rows("select count(*), sum(amount) from events where event_date = '2025-03-02'"))
        .containsExactly(List.of(2L, BigInteger.ONE));
    assertThat(engine.lastPublish("events", "2025-03-02").orElseThrow().runId()).isEqualTo("run-1");
  }

  @Test
  void aQueryWithoutRowsIsLeftToTheStagedPathWhichAlsoDecidesItsColumns() {
    StageRequest empty =
        request(
            "run-2",
            "events",
            Grain.DAY.parseKey("2025-03-03"),
            "event_date",
            new TaskInput.Sql(dayOfEvents("2025-03-03", 0, 1)));

    assertThat(engine.writeDirectly(empty, OVERWRITE, cancel())).isEmpty();
    assertThat(engine.lastPublish("events", "2025-03-03")).isEmpty();
  }

  @Test
  void reorderedOrMissingColumnsAreLeftToTheStagedPath() {
    String day = dayOfEvents("2025-03-03", 2, 1);
    StageRequest reordered =
        request("events", "2025-03-03", "select event_date, id, amount from (" + day + ")");
    StageRequest missing =
        request("events", "2025-03-03", "select id, event_date from (" + day + ")");

    assertThat(engine.writeDirectly(reordered, OVERWRITE, cancel())).isEmpty();
    assertThat(engine.writeDirectly(missing, OVERWRITE, cancel())).isEmpty();
    assertThat(rows("select count(*) from events where event_date = '2025-03-03'"))
        .containsExactly(List.of(0L));
    assertThat(engine.lastPublish("events", "2025-03-03")).isEmpty();
  }

  @Test
  void hourlyWindowsAreCheckedWithTimestampBounds() {
    String hour1 =
        "SELECT i AS id, TIMESTAMP '2025-03-01 01:00:00' + INTERVAL (i) MINUTE AS ts"
            + " FROM range(3) t(i)";
    String hour2 = hour1.replace("01:00:00", "02:00:00");
    engine.publish(
        engine.stage(
            request(
                "run-1",
                "clicks",
                Grain.HOUR.parseKey("2025-03-01T01"),
                "ts",
                new TaskInput.Sql(hour1)),
            cancel()),
        OVERWRITE);

    assertThat(
            engine.writeDirectly(
                request(
                    "run-2",
                    "clicks",
                    Grain.HOUR.parseKey("2025-03-01T02"),
                    "ts",
                    new TaskInput.Sql(hour2)),
                OVERWRITE,
                cancel()))
        .contains(new PublishResult(3, 0));
    assertThat(
            engine.writeDirectly(
                request(
                    "run-3",
                    "clicks",
                    Grain.HOUR.parseKey("2025-03-01T01"),
                    "ts",
                    new TaskInput.Sql(hour1)),
                OVERWRITE,
                cancel()))
        .isEmpty();
    assertThat(rows("select hour(ts), count(*) from clicks group by 1 order by 1"))
        .containsExactly(List.of(1L, 3L), List.of(2L, 3L));
  }

  @Test
  void aRowOutsideTheWindowWritesNothingAndLeavesTheErrorToTheStagedPath() {
    StageRequest wrongDay = request("events", "2025-03-01", dayOfEvents("2025-03-02", 4, 7));

    assertThat(engine.writeDirectly(wrongDay, OVERWRITE, cancel())).isEmpty();

    assertThat(rows("select event_date, count(*) from events group by 1 order by 1"))
        .containsExactly(
            List.of(LocalDate.parse("2025-03-01"), 3L), List.of(LocalDate.parse("2025-03-02"), 2L));
    assertThat(engine.lastPublish("events", "2025-03-01").orElseThrow().runId()).isEqualTo("run-1");
  }

  @Test
  void changedColumnsAMergeAndANewTableAreLeftToTheStagedPath() {
    StageRequest extraColumn =
        request(
            "events",
            "2025-03-03",
            "select *, 'x' as note from (" + dayOfEvents("2025-03-03", 2, 1) + ")");
    StageRequest retyped =
        request(
            "events",
            "2025-03-03",
            "select id, event_date, CAST(amount AS VARCHAR) as amount from ("
                + dayOfEvents("2025-03-03", 2, 1)
                + ")");
    StageRequest newTable = request("fresh", "2025-03-03", dayOfEvents("2025-03-03", 2, 1));
    StageRequest fine = request("events", "2025-03-03", dayOfEvents("2025-03-03", 2, 1));

    assertThat(engine.writeDirectly(extraColumn, OVERWRITE, cancel())).isEmpty();
    assertThat(engine.writeDirectly(retyped, OVERWRITE, cancel())).isEmpty();
    assertThat(engine.writeDirectly(newTable, OVERWRITE, cancel())).isEmpty();
    assertThat(
            engine.writeDirectly(
                fine, new PublishRequest(WriteMode.MERGE, List.of("id")), cancel()))
        .isEmpty();
    assertThat(rows("select count(*) from events where event_date = '2025-03-03'"))
        .containsExactly(List.of(0L));
    assertThat(rows("select count(*) from information_schema.tables where table_name = 'fresh'"))
        .containsExactly(List.of(0L));

    assertThat(engine.writeDirectly(fine, OVERWRITE, cancel())).contains(new PublishResult(2, 0));
  }

  private static RestoreRequest restoreOf(String day) {
    return new RestoreRequest(
        "events",
        "\"events\"",
        Grain.DAY.parseKey(day),
        "event_date",
        WriteMode.OVERWRITE,
        List.of());
  }

  private List<List<Object>> rows(String sql) {
    return engine.query(sql, 100).rows();
  }

  private static Cancellation cancel() {
    return new Cancellation();
  }
}
