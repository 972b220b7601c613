package io.partita.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.PublishResult;
import io.partita.engine.QueryResult;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.OutputFormat;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's own behaviour beyond the engine contract ({@link DuckDbEngineContractTest}): files,
 * DuckDB's error texts, staging tables, read-only opening.
 */
class DuckDbEngineTest {
  static final PublishRequest OVERWRITE = new PublishRequest(WriteMode.OVERWRITE, List.of());

  @TempDir Path project;
  DuckDbEngine engine;

  @BeforeEach
  void open() {
    engine = DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  static StageRequest request(String asset, String partition, String sql) {
    return request(
        "run-1", asset, Grain.DAY.parseKey(partition), "event_date", new TaskInput.Sql(sql));
  }

  static StageRequest request(
      String runId, String asset, PartitionKey partition, String timeColumn, TaskInput input) {
    return new StageRequest(
        runId,
        1,
        asset,
        "\"" + asset + "\"",
        partition,
        new StageModel(input, timeColumn, "models/" + asset + ".sql"));
  }

  /**
   * A day of {@code count} events, ids {@code day*100 + i}, amounts depending on {@code version}.
   */
  static String dayOfEvents(String day, int count, int version) {
    return "SELECT i AS id, DATE '"
        + day
        + "' AS event_date, i * "
        + version
        + " AS amount"
        + " FROM range("
        + count
        + ") t(i)";
  }

  PublishResult write(String asset, String day, String sql) {
    StagedPartition staged = engine.stage(request(asset, day, sql), new Cancellation());
    return engine.publish(staged, OVERWRITE);
  }

  List<List<Object>> rows(String sql) {
    return engine.query(sql, 10_000).rows();
  }

  static final String SUMMARY =
      "SELECT event_date::VARCHAR, count(*)::INTEGER, sum(amount)::INTEGER FROM events"
          + " GROUP BY 1 ORDER BY 1";

  @Test
  void rerunGivesIdenticalData() {
    String sql =
        "SELECT i AS id, DATE '2025-03-01' + (i % 2)::INTEGER AS event_date, i AS amount"
            + " FROM range(50) t(i) WHERE event_date < DATE '2025-03-02'";
    write("events", "2025-03-01", sql);
    List<List<Object>> first = rows("SELECT * FROM events ORDER BY ALL");

    PublishResult again = write("events", "2025-03-01", sql);

    assertThat(again).isEqualTo(new PublishResult(25, 25));
    assertThat(rows("SELECT * FROM events ORDER BY ALL")).isEqualTo(first).hasSize(25);
  }

  @Test
  void rowsOutsideTheWindowFailAndWriteNothing() {
    write("features", "2025-03-02", dayOfEvents("2025-03-02", 2, 1));
    String leaky =
        dayOfEvents("2025-03-02", 5, 7)
            + " UNION ALL "
            + dayOfEvents("2025-03-01", 3, 7)
            + " UNION ALL SELECT 99, NULL, 1";
    StageRequest request =
        request(
            "run-2",
            "features",
            Grain.DAY.parseKey("2025-03-02"),
            "event_date",
            new TaskInput.Sql(leaky));

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "asset 'features' partition 2025-03-02 (models/features.sql): 3 rows have"
                + " event_date outside [2025-03-02, 2025-03-03), e.g. 2025-03-01 and 1 row has NULL"
                + " event_date; nothing was written. Filter the model with WHERE event_date >="
                + " {{ start }} AND event_date < {{ end }}")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(false);
    assertThat(rows("SELECT count(*)::INTEGER FROM features")).containsExactly(List.of(2));
    assertThat(stagingTables()).isZero();
  }

  long stagingTables() {
    return (Long)
        rows("SELECT count(*) FROM duckdb_tables() WHERE database_name = '_partita_stage'")
            .get(0)
            .get(0);
  }

  @Test
  void missingTimeColumnNamesTheColumnsThatExist() {
    StageRequest request = request("events", "2025-03-01", "SELECT 1 AS id, 2 AS amount");

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("asset 'events' partition 2025-03-01 (models/events.sql)")
        .hasMessageContaining("no time column 'event_date'; its columns are [id, amount]");
    assertThat(stagingTables()).isZero();
  }

  @Test
  void brokenSqlNamesTheModelAndPartition() {
    StageRequest request = request("events", "2025-03-01", "SELECT no_such_column FROM range(3)");

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith(
            "asset 'events' partition 2025-03-01 (models/events.sql): the query failed:")
        .hasMessageContaining("no_such_column")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(false);
  }

  @Test
  void brokenSqlPointsAtTheLineOfTheModelNotOfPartitasWrapper() {
    StageRequest unknownColumn =
        request("events", "2025-03-01", "SELECT 1 AS x,\n  no_such_column AS y\nFROM range(3)");
    StageRequest endsEarly =
        request("events", "2025-03-01", "SELECT 1 AS x\nFROM range(3)\nWHERE x >");

    assertThatThrownBy(() -> engine.stage(unknownColumn, new Cancellation()))
        .hasMessageContaining("no_such_column")
        .hasMessageContaining("\nLINE 2:   no_such_column AS y\n")
        .hasMessageNotContaining("partita_window");
    assertThatThrownBy(() -> engine.stage(endsEarly, new Cancellation()))
        .hasMessage(
            "asset 'events' partition 2025-03-01 (models/events.sql): the query failed: Parser"
                + " Error: syntax error at the end of the model, after its line 3: is the query"
                + " complete?")
        .hasMessageNotContaining("partita_window")
        .hasMessageNotContaining("LINE");
  }

  @Test
  void mergeRejectsDuplicateStagedKeys() {
    PublishRequest merge = new PublishRequest(WriteMode.MERGE, List.of("id"));
    StagedPartition staged =
        engine.stage(
            request(
                "events",
                "2025-03-01",
                dayOfEvents("2025-03-01", 3, 1) + " UNION ALL " + dayOfEvents("2025-03-01", 2, 1)),
            new Cancellation());

    assertThatThrownBy(() -> engine.publish(staged, merge))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "asset 'events' partition 2025-03-01 (models/events.sql): unique_key [id] is"
                + " not unique in the new rows, e.g. (id=0) appears 2 times; nothing was written."
                + " Make the model return one row per key");
    assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'"))
        .containsExactly(List.of(0L));
  }

  @Test
  void mergeRejectsMissingAndNullKeysBeforeWritingAnything() {
    StagedPartition staged =
        engine.stage(
            request(
                "events",
                "2025-03-01",
                "SELECT CASE WHEN i = 1 THEN NULL ELSE i END AS id, DATE '2025-03-01' AS"
                    + " event_date, i AS amount FROM range(3) t(i)"),
            new Cancellation());

    assertThatThrownBy(
            () ->
                engine.publish(
                    staged, new PublishRequest(WriteMode.MERGE, List.of("id", "region"))))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "asset 'events' partition 2025-03-01 (models/events.sql): unique_key column(s)"
                + " [region] are not in the result; its columns are [id, event_date, amount]");
    assertThatThrownBy(
            () -> engine.publish(staged, new PublishRequest(WriteMode.MERGE, List.of("ID"))))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "asset 'events' partition 2025-03-01 (models/events.sql): 1 rows have a NULL in"
                + " unique_key [ID]; nothing was written")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(false);
    assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'events'"))
        .containsExactly(List.of(0L));
  }

  @Test
  void failedPublishLeavesThePublishedPartitionUnchanged() {
    write("events", "2025-03-01", dayOfEvents("2025-03-01", 3, 1));
    // Same columns, but amount is text where the table holds integers: refused before anything
    // is deleted.
    StagedPartition bad =
        engine.stage(
            request(
                "events",
                "2025-03-01",
                "SELECT 1 AS id, DATE '2025-03-01' AS event_date, 'lots' AS amount"),
            new Cancellation());

    assertThatThrownBy(() -> engine.publish(bad, OVERWRITE))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "asset 'events' partition 2025-03-01 (models/events.sql): column amount changed type"
                + " from BIGINT to VARCHAR (table events)");
    assertThat(rows(SUMMARY)).containsExactly(List.of("2025-03-01", 3, 3));
    assertThat(engine.wasPublished("run-1", "events", "2025-03-01")).isTrue();
    assertThat(rows("SELECT count(*) FROM _partita.publish_log")).containsExactly(List.of(1L));
  }

  @Test
  void schemaChangeIsRejectedWithTheColumns() {
    write("events", "2025-03-01", dayOfEvents("2025-03-01", 3, 1));
    StagedPartition wider =
        engine.stage(
            request(
                "events",
                "2025-03-02",
                dayOfEvents("2025-03-02", 3, 1).replace(" FROM", ", 'x' AS label FROM")),
            new Cancellation());

    PublishRequest failOnChange =
        new PublishRequest(WriteMode.OVERWRITE, List.of(), io.partita.model.OnSchemaChange.FAIL);
    assertThatThrownBy(() -> engine.publish(wider, failOnChange))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "the schema changed and on_schema_change is fail: table events has columns [id,"
                + " event_date, amount] but the new rows have [id, event_date, amount, label] (new:"
                + " [label VARCHAR])");
  }

  @Test
  void wasPublishedOnlyAfterTheCommit() {
    StagedPartition staged =
        engine.stage(
            request("events", "2025-03-01", dayOfEvents("2025-03-01", 3, 1)), new Cancellation());
    assertThat(engine.wasPublished("run-1", "events", "2025-03-01")).isFalse();

    engine.publish(staged, OVERWRITE);

    assertThat(engine.wasPublished("run-1", "events", "2025-03-01")).isTrue();
    assertThat(engine.wasPublished("run-2", "events", "2025-03-01")).isFalse();
    assertThat(stagingTables()).isZero();
  }

  @Test
  void discardDropsTheStagingTable() {
    StagedPartition staged =
        engine.stage(
            request("events", "2025-03-01", dayOfEvents("2025-03-01", 3, 1)), new Cancellation());
    assertThat(stagingTables()).isEqualTo(1);

    engine.discard(staged);
    engine.discard(staged);

    assertThat(stagingTables()).isZero();
  }

  @Test
  void hourGrainUsesTimestampBounds() {
    PartitionKey hour = Grain.HOUR.parseKey("2025-03-01T05");
    String sql =
        "SELECT TIMESTAMP '2025-03-01 05:00:00' + INTERVAL (i * 20) MINUTE AS ts, i AS id"
            + " FROM range(4) t(i)";
    StageRequest request = request("run-1", "clicks", hour, "ts", new TaskInput.Sql(sql));

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "1 row has ts outside [2025-03-01 05:00, 2025-03-01 06:00),"
                + " e.g. 2025-03-01 06:00:00");

    StageRequest inWindow =
        request(
            "run-1", "clicks", hour, "ts", new TaskInput.Sql(sql.replace("range(4)", "range(3)")));
    engine.publish(engine.stage(inWindow, new Cancellation()), OVERWRITE);
    assertThat(rows("SELECT max(ts) FROM clicks"))
        .containsExactly(List.of(LocalDateTime.parse("2025-03-01T05:40:00")));
  }

  @Test
  void fileSearchPathResolvesRelativeCsvPaths() throws Exception {
    Files.createDirectories(project.resolve("data"));
    Files.writeString(
        project.resolve("data/events.csv"),
        "id,event_date,amount\n1,2025-03-01,5\n2,2025-03-01,6\n");

    write("events", "2025-03-01", "SELECT * FROM read_csv_auto('data/events.csv', header = true)");

    assertThat(rows(SUMMARY)).containsExactly(List.of("2025-03-01", 2, 11));
  }

  @Test
  void stagesRowsFromACsvFile() throws Exception {
    Path csv = project.resolve("out.csv");
    Files.writeString(csv, "id,event_date,amount\n1,2025-03-01,5\n2,2025-03-01,7\n");
    StageRequest request =
        request(
            "run-1",
            "train_set",
            Grain.DAY.parseKey("2025-03-01"),
            "event_date",
            new TaskInput.File(csv, OutputFormat.CSV));

    StagedPartition staged = engine.stage(request, new Cancellation());
    engine.publish(staged, OVERWRITE);

    assertThat(staged.rows()).isEqualTo(2);
    assertThat(rows("SELECT sum(amount)::INTEGER FROM train_set")).containsExactly(List.of(12));
  }

  @Test
  void stagesRowsFromAParquetFile() throws Exception {
    Path parquet = project.resolve("out.parquet");
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(
          "COPY (" + dayOfEvents("2025-03-01", 4, 2) + ") TO '" + parquet + "' (FORMAT parquet)");
    }
    StageRequest request =
        request(
            "run-1",
            "train_set",
            Grain.DAY.parseKey("2025-03-01"),
            "event_date",
            new TaskInput.File(parquet, OutputFormat.PARQUET));

    engine.publish(engine.stage(request, new Cancellation()), OVERWRITE);

    assertThat(rows("SELECT count(*)::INTEGER, sum(amount)::INTEGER FROM train_set"))
        .containsExactly(List.of(4, 12));
  }

  @Test
  void missingCommandOutputFileIsNotRetryable() {
    StageRequest request =
        request(
            "run-1",
            "train_set",
            Grain.DAY.parseKey("2025-03-01"),
            "event_date",
            new TaskInput.File(project.resolve("nothing.csv"), OutputFormat.CSV));

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "asset 'train_set' partition 2025-03-01 (models/train_set.sql): loading")
        .hasMessageContaining("nothing.csv");
  }

  @Test
  void queryReturnsJavaValuesAndTruncates() {
    QueryResult result =
        engine.query(
            "SELECT i AS n, DATE '2025-03-01' AS d, NULL AS nothing, [i, i] AS pair FROM range(5)"
                + " t(i);",
            3);

    assertThat(result.columns()).containsExactly("n", "d", "nothing", "pair");
    assertThat(result.rows()).hasSize(3);
    assertThat(result.rows().get(1))
        .containsExactly(1L, java.time.LocalDate.parse("2025-03-01"), null, List.of(1L, 1L));
    assertThat(result.truncated()).isTrue();
    assertThat(engine.describe()).startsWith("duckdb v");
  }

  @Test
  void queryTurnsNestedAndDuckDbValuesIntoPlainJavaValues() {
    QueryResult result =
        engine.query(
            "SELECT {'a': 1, 'b': 'x'} AS s, MAP {'k': 2} AS m, '\\xAA\\x01'::BLOB AS b,"
                + " '00000000-0000-0000-0000-000000000001'::UUID AS u,"
                + " TIMESTAMP '2025-03-01 05:40:00' AS t, TIME '05:40:00' AS clock,"
                + " [[1, 2], [3]] AS nested, [{'a': 1}] AS structs",
            10);

    List<Object> row = result.rows().get(0);
    assertThat(row.get(0)).isEqualTo(java.util.Map.of("a", 1, "b", "x"));
    assertThat(row.get(1)).isEqualTo(java.util.Map.of("k", 2));
    assertThat((byte[]) row.get(2)).containsExactly((byte) 0xAA, (byte) 0x01);
    assertThat(row.get(3)).isEqualTo("00000000-0000-0000-0000-000000000001");
    assertThat(row.get(4)).isEqualTo(LocalDateTime.parse("2025-03-01T05:40:00"));
    assertThat(row.get(5)).isEqualTo(java.time.LocalTime.parse("05:40:00"));
    assertThat(row.get(6)).isEqualTo(List.of(List.of(1, 2), List.of(3)));
    assertThat(row.get(7)).isEqualTo(List.of(java.util.Map.of("a", 1)));
  }

  @Test
  void queryErrorsAreUserErrorsAndWritesAreRolledBack() {
    assertThatThrownBy(() -> engine.query("SELECT * FROM missing_table", 10))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith(
            "Query failed: Catalog Error: Table with name missing_table does not exist")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
    assertThatThrownBy(() -> engine.query("CREATE TABLE sneaky(a INTEGER)", 10))
        .hasMessageStartingWith("Query refused: the SQL is a CREATE statement;");
    assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sneaky'"))
        .containsExactly(List.of(0L));
  }

  @Test
  void openReadOnlyCanQueryButNotWrite() {
    write("events", "2025-03-01", dayOfEvents("2025-03-01", 3, 1));
    engine.close();
    engine.close();

    try (DuckDbEngine readOnly =
        DuckDbEngine.openReadOnly(project.resolve(".partita/warehouse.duckdb"), project)) {
      assertThat(readOnly.query(SUMMARY.replace("events", "main.events"), 10).rows())
          .containsExactly(List.of("2025-03-01", 3, 3));
      assertThatThrownBy(
              () ->
                  readOnly.stage(
                      request("events", "2025-03-02", dayOfEvents("2025-03-02", 1, 1)),
                      new Cancellation()))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("read-only");
    }
    engine = DuckDbEngine.open(project.resolve(".partita/warehouse.duckdb"), project);
  }
}
