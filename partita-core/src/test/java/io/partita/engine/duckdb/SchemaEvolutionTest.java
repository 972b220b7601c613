package io.partita.engine.duckdb;

import static io.partita.engine.duckdb.DuckDbEngineTest.dayOfEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.OnSchemaChange;
import io.partita.model.WriteMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code on_schema_change} at publish, on a versioned asset read through its published view. */
class SchemaEvolutionTest {
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

  void write(String day, String sql, OnSchemaChange policy) {
    write(day, sql, new PublishRequest(WriteMode.OVERWRITE, List.of(), policy));
  }

  void write(String day, String sql, PublishRequest publish) {
    write("run-" + day, day, sql, publish);
  }

  void write(String runId, String day, String sql, PublishRequest publish) {
    StageRequest request =
        new StageRequest(
            runId,
            1,
            "events",
            engine.versionRelation("events", "v1"),
            Grain.DAY.parseKey(day),
            new StageModel(new TaskInput.Sql(sql), "event_date", "models/events.sql"));
    StagedPartition staged = engine.stage(request, new Cancellation());
    engine.publish(staged, publish);
  }

  List<List<Object>> rows(String sql) {
    return engine.query(sql, 10_000).rows();
  }

  List<String> columns(String relation) {
    return engine.query("SELECT * FROM " + relation + " LIMIT 0", 0).columns();
  }

  @Test
  void addedColumnIsAppendedByDefault() {
    write("2025-03-01", dayOfEvents("2025-03-01", 3, 1), OnSchemaChange.APPEND_NEW_COLUMNS);
    // More than one row group: DuckDB once lost rows of large inserts into freshly changed tables.
    write(
        "2025-03-02",
        dayOfEvents("2025-03-02", 150_000, 1).replace(" FROM", ", 'x' AS label FROM"),
        new PublishRequest(WriteMode.OVERWRITE, List.of()));

    assertThat(columns("events")).containsExactly("id", "event_date", "amount", "label");
    assertThat(
            rows(
                "SELECT event_date::VARCHAR, count(*)::INTEGER, count(label)::INTEGER,"
                    + " min(label) FROM events GROUP BY 1 ORDER BY 1"))
        .containsExactly(
            java.util.Arrays.asList("2025-03-01", 3, 0, null),
            List.of("2025-03-02", 150_000, 150_000, "x"));
  }

  @Test
  void addedColumnIsAppendedForMergeAndOldRowsCanBeRestored() {
    PublishRequest merge =
        new PublishRequest(WriteMode.MERGE, List.of("id"), OnSchemaChange.APPEND_NEW_COLUMNS);
    write("2025-03-01", dayOfEvents("2025-03-01", 3, 1), merge);
    write(
        "2025-03-01",
        dayOfEvents("2025-03-01", 3, 2).replace(" FROM", ", 'x' AS label FROM"),
        merge);

    assertThat(rows("SELECT id::INTEGER, amount::INTEGER, label FROM events ORDER BY id"))
        .containsExactly(List.of(0, 0, "x"), List.of(1, 2, "x"), List.of(2, 4, "x"));
    assertThat(
            rows("SELECT count(*)::INTEGER, count(label)::INTEGER FROM _partita_backup.events__v1"))
        .containsExactly(List.of(3, 0));
  }

  @Test
  void removedColumnIsDroppedOnlyWithSyncAllColumns() {
    String withoutAmount = "SELECT i AS id, DATE '%s' AS event_date FROM range(2) t(i)";
    write("2025-03-01", dayOfEvents("2025-03-01", 3, 1), OnSchemaChange.APPEND_NEW_COLUMNS);

    write("2025-03-02", withoutAmount.formatted("2025-03-02"), OnSchemaChange.APPEND_NEW_COLUMNS);

    assertThat(columns("events")).containsExactly("id", "event_date", "amount");
    assertThat(
            rows(
                "SELECT event_date::VARCHAR, count(amount)::INTEGER FROM events GROUP BY 1 ORDER BY 1"))
        .containsExactly(List.of("2025-03-01", 3), List.of("2025-03-02", 0));

    write("2025-03-03", withoutAmount.formatted("2025-03-03"), OnSchemaChange.SYNC_ALL_COLUMNS);

    assertThat(columns("events")).containsExactly("id", "event_date");
    assertThat(rows("SELECT count(*)::INTEGER FROM events")).containsExactly(List.of(7));
  }

  @Test
  void typeChangeFailsNamingColumnAndTypes() {
    write("2025-03-01", dayOfEvents("2025-03-01", 3, 1), OnSchemaChange.SYNC_ALL_COLUMNS);
    String textAmount =
        "SELECT i AS id, DATE '2025-03-02' AS event_date, i::VARCHAR AS amount FROM range(2) t(i)";

    assertThatThrownBy(() -> write("2025-03-02", textAmount, OnSchemaChange.SYNC_ALL_COLUMNS))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "asset 'events' partition 2025-03-02 (models/events.sql): column amount changed type from BIGINT to VARCHAR"
                + " (table events__v1)")
        .hasMessageContaining(
            "Nothing was written. CAST the column back to its old type in the model, or publish"
                + " the new schema as a new version (backfill --target events_vN)");
    assertThat(rows("SELECT count(*)::INTEGER FROM events")).containsExactly(List.of(3));
  }

  @Test
  void failRefusesAnAddedColumnAndLeavesTheTableAsItWas() {
    write("2025-03-01", dayOfEvents("2025-03-01", 3, 1), OnSchemaChange.FAIL);

    assertThatThrownBy(
            () ->
                write(
                    "2025-03-02",
                    dayOfEvents("2025-03-02", 3, 1).replace(" FROM", ", 'x' AS label FROM"),
                    OnSchemaChange.FAIL))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "the schema changed and on_schema_change is fail: table events__v1 has columns [id,"
                + " event_date, amount] but the new rows have [id, event_date, amount, label] (new:"
                + " [label VARCHAR]); nothing was written. Set on_schema_change: append_new_columns");
    assertThat(columns("events")).containsExactly("id", "event_date", "amount");
  }

  @Test
  void mergeWritesNullToAColumnTheModelNoLongerReturns() {
    PublishRequest merge =
        new PublishRequest(WriteMode.MERGE, List.of("id"), OnSchemaChange.APPEND_NEW_COLUMNS);
    write("2025-03-01", dayOfEvents("2025-03-01", 2, 1), merge);

    write(
        "2025-03-01", "SELECT i AS id, DATE '2025-03-01' AS event_date FROM range(3) t(i)", merge);

    assertThat(rows("SELECT id::INTEGER, amount::INTEGER FROM events ORDER BY id"))
        .containsExactly(
            java.util.Arrays.asList(0, 0),
            java.util.Arrays.asList(1, 1),
            java.util.Arrays.asList(2, null));
  }

  @Test
  void restoreAfterSyncDroppedAColumnPutsBackTheRowsWithoutIt() {
    PublishRequest sync =
        new PublishRequest(WriteMode.OVERWRITE, List.of(), OnSchemaChange.SYNC_ALL_COLUMNS);
    write("run-1", "2025-03-01", dayOfEvents("2025-03-01", 3, 1), sync);
    write(
        "run-2",
        "2025-03-01",
        "SELECT i AS id, DATE '2025-03-01' AS event_date FROM range(5) t(i)",
        sync);

    long restored =
        engine.restore(
            "rollback-1",
            "run-2",
            List.of(
                new io.partita.engine.RestoreRequest(
                    "events",
                    engine.versionRelation("events", "v1"),
                    Grain.DAY.parseKey("2025-03-01"),
                    "event_date",
                    WriteMode.OVERWRITE,
                    List.of())));

    assertThat(restored).isEqualTo(3);
    assertThat(columns("events")).containsExactly("id", "event_date");
    assertThat(rows("SELECT count(*)::INTEGER FROM events")).containsExactly(List.of(3));
  }
}
