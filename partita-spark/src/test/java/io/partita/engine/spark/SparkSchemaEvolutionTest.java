package io.partita.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.OnSchemaChange;
import io.partita.model.WriteMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code on_schema_change} on an Iceberg table, with the semantics of DuckDB's. */
class SparkSchemaEvolutionTest {
  private static final String DAY =
      "SELECT id, DATE '%s' AS event_date, id * 2 AS amount FROM range(3)";
  private static final String WITH_LABEL =
      "SELECT id, DATE '%s' AS event_date, id * 2 AS amount, 'x' AS label FROM range(3)";
  private static final String WITHOUT_AMOUNT = "SELECT id, DATE '%s' AS event_date FROM range(2)";

  @TempDir Path project;
  SparkEngine engine;

  @BeforeEach
  void open() {
    engine = SparkEngine.open(LocalSpark.settings(project), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void write(String day, String sql, OnSchemaChange policy) {
    StageRequest request =
        new StageRequest(
            "run-" + day,
            1,
            "events",
            engine.versionRelation("events", "v1"),
            Grain.DAY.parseKey(day),
            new StageModel(
                new TaskInput.Sql(sql.formatted(day)), "event_date", "models/events.sql"));
    engine.publish(
        engine.stage(request, new Cancellation()),
        new PublishRequest(WriteMode.OVERWRITE, List.of(), policy));
  }

  private List<String> rows(String sql) {
    return engine.query(sql, 100).rows().stream()
        .map(row -> String.join(" ", row.stream().map(String::valueOf).toList()))
        .toList();
  }

  private List<String> columns() {
    return engine.query("SELECT * FROM events LIMIT 0", 0).columns();
  }

  @Test
  void anAddedColumnIsAppendedByDefaultAndOlderRowsReadNull() {
    write("2025-03-01", DAY, OnSchemaChange.APPEND_NEW_COLUMNS);

    write("2025-03-02", WITH_LABEL, OnSchemaChange.APPEND_NEW_COLUMNS);

    assertThat(columns()).containsExactly("id", "event_date", "amount", "label");
    assertThat(
            rows(
                "SELECT event_date, count(*), count(label), min(label) FROM events"
                    + " GROUP BY event_date ORDER BY event_date"))
        .containsExactly("2025-03-01 3 0 null", "2025-03-02 3 3 x");
  }

  @Test
  void aRemovedColumnIsDroppedOnlyWithSyncAllColumns() {
    write("2025-03-01", DAY, OnSchemaChange.APPEND_NEW_COLUMNS);

    write("2025-03-02", WITHOUT_AMOUNT, OnSchemaChange.APPEND_NEW_COLUMNS);

    assertThat(columns()).containsExactly("id", "event_date", "amount");
    assertThat(
            rows(
                "SELECT event_date, count(amount) FROM events GROUP BY event_date"
                    + " ORDER BY event_date"))
        .containsExactly("2025-03-01 3", "2025-03-02 0");

    write("2025-03-03", WITHOUT_AMOUNT, OnSchemaChange.SYNC_ALL_COLUMNS);

    assertThat(columns()).containsExactly("id", "event_date");
    assertThat(rows("SELECT count(*) FROM events")).containsExactly("7");
  }

  @Test
  void aChangedTypeIsRefusedNamingTheColumnAndNothingIsWritten() {
    write("2025-03-01", DAY, OnSchemaChange.SYNC_ALL_COLUMNS);
    String textAmount =
        "SELECT id, DATE '%s' AS event_date, CAST(id AS STRING) AS amount FROM range(2)";

    assertThatThrownBy(() -> write("2025-03-02", textAmount, OnSchemaChange.SYNC_ALL_COLUMNS))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "asset 'events' partition 2025-03-02 (models/events.sql): column amount changed type"
                + " from BIGINT to STRING (table events__v1)")
        .hasMessageContaining(
            "Nothing was written. CAST the column back to its old type in the model, or publish"
                + " the new schema as a new version (backfill --target events_vN)");
    assertThat(rows("SELECT count(*) FROM events")).containsExactly("3");
  }

  @Test
  void failRefusesAnAddedColumnAndLeavesTheTableAsItWas() {
    write("2025-03-01", DAY, OnSchemaChange.FAIL);

    assertThatThrownBy(() -> write("2025-03-02", WITH_LABEL, OnSchemaChange.FAIL))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "the schema changed and on_schema_change is fail: table events__v1 has columns [id,"
                + " event_date, amount] but the new rows have [id, event_date, amount, label] (new:"
                + " [label STRING]); nothing was written. Set on_schema_change: append_new_columns");
    assertThat(columns()).containsExactly("id", "event_date", "amount");
    assertThat(
            engine.query("SELECT * FROM " + engine.versionRelation("events", "v1"), 100).columns())
        .containsExactly("id", "event_date", "amount");
    assertThat(rows("SELECT count(*) FROM events")).containsExactly("3");
  }
}
