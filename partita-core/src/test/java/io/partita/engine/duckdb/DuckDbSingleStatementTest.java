package io.partita.engine.duckdb;

import static io.partita.engine.duckdb.DuckDbEngineTest.dayOfEvents;
import static io.partita.engine.duckdb.DuckDbEngineTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine runs one statement per model and per query, whatever text it is handed. */
class DuckDbSingleStatementTest {
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

  @Test
  void stagingAModelOfSeveralStatementsRunsNoneOfThem() {
    engine.publish(
        engine.stage(
            request("victim", "2025-03-01", dayOfEvents("2025-03-01", 3, 1)), new Cancellation()),
        DuckDbEngineTest.OVERWRITE);
    StageRequest request =
        request(
            "events",
            "2025-03-01",
            dayOfEvents("2025-03-01", 2, 1)
                + ";\ndrop table if exists main.\"victim__v1\";\nselect 1");

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith(
            "asset 'events' partition 2025-03-01 (models/events.sql): the model rendered for this"
                + " partition is 3 statements (SELECT, DROP, SELECT) (line 2); a model is exactly"
                + " one query")
        .satisfies(e -> assertThat(((EngineException) e).retryable()).isFalse());
    assertThat(engine.query("select count(*) from victim", 1).rows()).containsExactly(List.of(3L));
  }

  @Test
  void aLaterPartitionThatRendersASecondStatementIsRefusedAfterAnEarlierOneOfOneQueryStaged() {
    engine.stage(
        request("events", "2025-03-01", dayOfEvents("2025-03-01", 2, 1)), new Cancellation());
    StageRequest request =
        request("events", "2025-03-02", dayOfEvents("2025-03-02", 2, 1) + ";\nselect 1");

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining(
            "asset 'events' partition 2025-03-02 (models/events.sql): the model rendered for this"
                + " partition is 2 statements (SELECT, SELECT)");
  }

  @Test
  void renderingsThatDifferOnlyInThePartitionsOwnValuesShareAShape() {
    io.partita.model.PartitionKey first = io.partita.model.Grain.DAY.parseKey("2025-03-01");
    io.partita.model.PartitionKey second = io.partita.model.Grain.DAY.parseKey("2025-03-02");
    String model = "select * from t where d >= %s and d < %s and k = '%s'";

    String one =
        DuckDbStager.shape(
            String.format(model, "DATE '2025-03-01'", "DATE '2025-03-02'", "2025-03-01"), first);
    String two =
        DuckDbStager.shape(
            String.format(model, "DATE '2025-03-02'", "DATE '2025-03-03'", "2025-03-02"), second);
    String other =
        DuckDbStager.shape(
            String.format(model, "DATE '2025-03-02'", "DATE '2025-03-03'", "2025-03-02")
                + "; select 1",
            second);

    assertThat(two).isEqualTo(one);
    assertThat(other).isNotEqualTo(one);
  }

  @Test
  void stagingAModelWithATrailingSemicolonWorks() {
    StageRequest request = request("events", "2025-03-01", dayOfEvents("2025-03-01", 2, 1) + ";\n");

    assertThat(engine.stage(request, new Cancellation()).rows()).isEqualTo(2);
  }

  @Test
  void queryRefusesAStatementThatWritesAFileEvenOnAWritableEngine() {
    Path target = project.resolve("partita.yaml");

    assertThatThrownBy(() -> engine.query("copy (select 42) to '" + target + "' (format csv)", 10))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "Query refused: the SQL is a COPY statement; only one read-only query (SELECT, WITH,"
                + " VALUES, FROM, DESCRIBE, SHOW or SUMMARIZE) may run here, and nothing is"
                + " written")
        .satisfies(
            e -> assertThat(((PartitaException) e).category()).isEqualTo(ErrorCategory.USER));
    assertThat(target).doesNotExist();
  }

  @Test
  void queryRefusesASecondStatementBeforeRunningTheFirst() {
    Path exported = project.resolve("exported");

    assertThatThrownBy(() -> engine.query("select 1;\nexport database '" + exported + "'", 10))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith(
            "Query refused: the SQL is 2 statements (SELECT, EXPORT) (line 2);");
    assertThat(exported).doesNotExist();
  }

  @Test
  void aGeneratedQueryIsNotParsedFirstButStillChangesNothing() {
    engine.publish(
        engine.stage(
            request("victim", "2025-03-01", dayOfEvents("2025-03-01", 3, 1)), new Cancellation()),
        DuckDbEngineTest.OVERWRITE);

    assertThat(engine.queryGenerated("delete from victim returning 1", 10).rows()).hasSize(3);
    assertThat(engine.query("select count(*) from victim", 1).rows()).containsExactly(List.of(3L));
  }

  @Test
  void aReadOnlyEngineKeepsItsSettingsLockedAndInstallsNoExtension() {
    engine.close();
    engine = DuckDbEngine.openReadOnly(project.resolve(".partita/warehouse.duckdb"), project);

    assertThat(
            engine
                .query(
                    "select current_setting('lock_configuration'),"
                        + " current_setting('autoinstall_known_extensions')",
                    1)
                .rows())
        .containsExactly(List.of(true, false));
  }
}
