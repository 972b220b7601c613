package io.partita.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.PartitaException;
import io.partita.backend.BackendUrl;
import io.partita.engine.Cancellation;
import io.partita.engine.Engine;
import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.WriteMode;
import io.partita.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL engine does beyond the engine contract, on a real PostgreSQL 17. */
class PostgresEngineTest {
  private static final PublishRequest OVERWRITE =
      new PublishRequest(WriteMode.OVERWRITE, List.of());

  private String database;
  private PostgresEngine engine;

  @BeforeEach
  void open() {
    database = TestPostgres.freshDatabase();
    engine = PostgresEngine.open(PgTestTargets.of(database), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void queriesThatWriteAreRefusedOrStoppedByTheReadOnlyTransaction() throws Exception {
    publish("2025-03-01", "SELECT 1 AS id, DATE '2025-03-01' AS event_date");
    String table = engine.versionRelation("events", "v1");
    execute("CREATE SEQUENCE counter");

    assertThatThrownBy(
            () ->
                engine.query(
                    "WITH gone AS (DELETE FROM "
                        + table
                        + " RETURNING *) SELECT count(*) FROM gone",
                    1))
        .hasMessageStartingWith("Query refused: the SQL starts with WITH but is not a query");
    assertThatThrownBy(() -> engine.query("SELECT * INTO copied FROM " + table, 1))
        .hasMessageStartingWith("Query refused: the SQL starts with SELECT but is not a query");
    assertThatThrownBy(() -> engine.query("SELECT nextval('counter')", 1))
        .isInstanceOf(PartitaException.class)
        .hasMessage("Query failed: cannot execute nextval() in a read-only transaction");
    assertThat(engine.query("SELECT count(*) FROM " + table, 1).rows().get(0).get(0)).isEqualTo(1L);
  }

  @Test
  void aModelOfTwoStatementsIsRefusedBeforeAnyOfItRuns() throws Exception {
    execute("CREATE TABLE keep (x int)");

    assertThatThrownBy(
            () ->
                stage(
                    "2025-03-01",
                    "SELECT 1 AS id, DATE '2025-03-01' AS event_date;\nDROP TABLE keep"))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "asset 'events' partition 2025-03-01 (models/events.sql): the model rendered for this"
                + " partition is 2 statements (SELECT, DROP) (line 2); a model is exactly one"
                + " query (SELECT/WITH/VALUES). Nothing of it ran");
    assertThat(engine.query("SELECT count(*) FROM keep", 1).rows()).hasSize(1);
  }

  @Test
  void aSyntaxErrorNamesTheLineOfTheModel() {
    assertThatThrownBy(
            () ->
                stage(
                    "2025-03-01",
                    "-- events\nSELECT 1 AS id,\n  DATE '2025-03-01' AS event_date\nFROM"))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "asset 'events' partition 2025-03-01 (models/events.sql): the query failed: syntax"
                + " error at end of input (line 4 of the model)");
  }

  @Test
  void aNewColumnIsAddedToTheTableAndShownByThePublishedView() {
    publish("2025-03-01", "SELECT 1 AS id, DATE '2025-03-01' AS event_date");

    engine.publish(
        stage("2025-03-02", "SELECT 2 AS id, DATE '2025-03-02' AS event_date, 'new' AS note"),
        new PublishRequest(WriteMode.MERGE, List.of("id")));

    assertThat(
            engine
                .query("SELECT id, note FROM " + engine.relation("events") + " ORDER BY id", 10)
                .rows())
        .extracting(row -> row.get(0) + " " + row.get(1))
        .containsExactly("1 null", "2 new");
  }

  @Test
  void quarantinedRowsAndBackupsAreKeptUntilTheyExpire() {
    publish("2025-03-01", "SELECT 1 AS id, DATE '2025-03-01' AS event_date");
    engine.publish(
        engine.stage(
            request("run-2", "2025-03-01", "SELECT 2 AS id, DATE '2025-03-01' AS event_date"),
            new Cancellation()),
        OVERWRITE);
    String quarantined =
        engine.quarantine(stage("2025-03-01", "SELECT 3 AS id, DATE '2025-03-01' AS event_date"));

    assertThat(quarantined).startsWith("\"_partita_quarantine\".");
    assertThat(engine.query("SELECT id FROM " + quarantined, 10).rows())
        .containsExactly(List.of(3));

    long removed = engine.expire(Instant.now().plus(Duration.ofDays(1)));

    assertThat(removed).isEqualTo(2); // the row run-2 replaced, and the quarantine table
    assertThatThrownBy(() -> engine.query("SELECT id FROM " + quarantined, 10))
        .hasMessageContaining("does not exist");
    assertThat(engine.backups("run-2"))
        .singleElement()
        .satisfies(backup -> assertThat(backup.removedAt()).isPresent());
  }

  @Test
  void aScratchWarehouseLeavesNothingBehindWhenClosed() {
    String url =
        database
            .replace("jdbc:postgresql://", "postgresql://postgres@")
            .replace("?user=postgres", "");
    PostgresEngineProvider provider = new PostgresEngineProvider(Map.<String, String>of()::get);
    BackendUrl warehouse = new BackendUrl("warehouse", url, "postgresql://");
    try (Engine scratch = provider.openScratch(warehouse, Path.of("."), Clock.systemUTC())) {
      StageRequest request =
          new StageRequest(
              "run-1",
              1,
              "events",
              scratch.versionRelation("events", "v1"),
              Grain.DAY.parseKey("2025-03-01"),
              new StageModel(
                  new TaskInput.Sql("SELECT 1 AS id, DATE '2025-03-01' AS event_date"),
                  "event_date",
                  "models/events.sql"));
      scratch.publish(scratch.stage(request, new Cancellation()), OVERWRITE);
      assertThat(schemas()).anyMatch(schema -> schema.startsWith("_partita_scratch_"));
    }

    assertThat(schemas()).noneMatch(schema -> schema.contains("_partita_scratch_"));
  }

  @Test
  void everyNthRowKeepsAboutThatShareOfTheRows() {
    String keep = engine.dialect().everyNthRow("t", 4);

    List<Object> row =
        engine
            .query(
                "SELECT count(*) FILTER (WHERE " + keep + ") FROM generate_series(1, 10000) AS t",
                1)
            .rows()
            .get(0);

    assertThat(((Number) row.get(0)).longValue()).isBetween(2000L, 3000L);
  }

  @Test
  void theWarehouseHasAnIdAndRemembersItsStateStore() {
    assertThat(engine.identity().warehouseId()).isPresent();
    assertThat(engine.identity().stateId()).isEmpty();

    engine.pairState("state-1");
    engine.pairState("state-2");

    assertThat(engine.identity().stateId()).contains("state-2");
  }

  @Test
  void mergeRejectsMissingNullAndDuplicateKeysBeforeWritingAnything() {
    StagedPartition staged =
        stage(
            "2025-03-01",
            "SELECT CASE WHEN i = 1 THEN NULL ELSE i % 3 END AS id, DATE '2025-03-01' AS"
                + " event_date, i AS amount FROM generate_series(0, 4) t(i)");
    String where = "asset 'events' partition 2025-03-01 (models/events.sql): ";

    assertThatThrownBy(() -> engine.publish(staged, merge("id", "region")))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            where
                + "unique_key column(s) [region] are not in the result; its columns are"
                + " [id, event_date, amount]");
    assertThatThrownBy(() -> engine.publish(staged, merge("id")))
        .isInstanceOf(EngineException.class)
        .hasMessage(where + "1 rows have a NULL in unique_key [id]; nothing was written");
    assertThatThrownBy(() -> engine.publish(staged, merge("event_date")))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            where
                + "unique_key [event_date] is not unique in the new rows, e.g."
                + " (event_date=2025-03-01) appears 5 times; nothing was written. Make the model"
                + " return one row per key")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(false);
    assertThat(engine.published("run-1")).isEmpty();
  }

  @Test
  void queryTurnsPostgresValuesIntoPlainJavaValues() {
    List<Object> row =
        engine
            .query(
                "SELECT '{\"a\": 1}'::jsonb AS j, '00000000-0000-0000-0000-000000000001'::uuid"
                    + " AS u, ARRAY[1, 2] AS a, TIMESTAMP '2025-03-01 05:40:00' AS t,"
                    + " DATE '2025-03-01' AS d, interval '1 day' AS i, NULL::text AS nothing",
                10)
            .rows()
            .get(0);

    assertThat(row)
        .containsExactly(
            "{\"a\": 1}",
            "00000000-0000-0000-0000-000000000001",
            List.of(1, 2),
            LocalDateTime.parse("2025-03-01T05:40:00"),
            LocalDate.parse("2025-03-01"),
            "1 days",
            null);
  }

  private static PublishRequest merge(String... uniqueKey) {
    return new PublishRequest(WriteMode.MERGE, List.of(uniqueKey));
  }

  private List<String> schemas() {
    return engine.query("SELECT nspname FROM pg_namespace ORDER BY 1", 1000).rows().stream()
        .map(row -> (String) row.get(0))
        .toList();
  }

  private void publish(String day, String sql) {
    engine.publish(stage(day, sql), OVERWRITE);
  }

  private StagedPartition stage(String day, String sql) {
    return engine.stage(request("run-1", day, sql), new Cancellation());
  }

  private StageRequest request(String runId, String day, String sql) {
    return new StageRequest(
        runId,
        1,
        "events",
        engine.versionRelation("events", "v1"),
        Grain.DAY.parseKey(day),
        new StageModel(new TaskInput.Sql(sql), "event_date", "models/events.sql"));
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
