package io.partita.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.engine.Cancellation;
import io.partita.engine.Engine;
import io.partita.engine.PublishRequest;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in check, run against a context whose SQL goes through a real engine (subclassed per
 * backend): the checks' SQL is plain SQL plus the engine's dialect, so each type must pass on good
 * rows and fail on bad ones whatever the warehouse.
 *
 * <p>The staged partition of {@code features} (2024-12-10) holds ten rows: ids 0..9, amount = id,
 * status 'open' except id 9 'lost', note NULL for ids 0 and 5. Two earlier days are published with
 * the same rows, and {@code events} has ten rows on 2024-12-10.
 */
public abstract class CheckContractTest {
  static final PartitionKey DAY = Grain.DAY.parseKey("2024-12-10");
  static final PublishRequest OVERWRITE = new PublishRequest(WriteMode.OVERWRITE, List.of());

  @TempDir Path project;
  Engine engine;
  EngineBackedCheckContext context;

  /** Opens the engine's warehouse in {@code project}. */
  protected abstract Engine open(Path project);

  @BeforeEach
  void stageFeatures() {
    engine = open(project);
    engine.publish(stage("features", DAY.plus(-2), features(DAY.plus(-2), 0)), OVERWRITE);
    engine.publish(stage("features", DAY.plus(-1), features(DAY.plus(-1), 0)), OVERWRITE);
    engine.publish(stage("events", DAY, features(DAY, 0)), OVERWRITE);
    context = new EngineBackedCheckContext(engine, stage("features", DAY, features(DAY, 0)));
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  void rowCountCountsTheStagedRows() {
    assertThat(run("row_count", "min", 1, "max", 10)).isEqualTo(Outcome.PASSED);
    assertThat(evaluate("row_count", "min", 20).message()).contains("10");
    assertThat(run("row_count", "min", 20)).isEqualTo(Outcome.FAILED);
  }

  @Test
  void notNullMeasuresTheNullRate() {
    assertThat(run("not_null", "columns", List.of("id"))).isEqualTo(Outcome.PASSED);
    CheckResult notes = evaluate("not_null", "columns", List.of("note"), "max_rate", 0.1);
    assertThat(notes.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(notes.metrics()).containsEntry("null_rate:note", 0.2);
  }

  @Test
  void nullSpikeComparesWithTheTrailingRate() {
    context.withTrailing("null_rate:note", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);

    CheckResult result = evaluate("null_spike", "columns", List.of("note"), "max_increase_pp", 5);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).contains("note");
  }

  @Test
  void uniqueFindsRepeatedKeys() {
    assertThat(run("unique", "columns", List.of("id"))).isEqualTo(Outcome.PASSED);
    assertThat(run("unique", "columns", List.of("status"))).isEqualTo(Outcome.FAILED);
  }

  @Test
  void acceptedValuesNamesTheValuesOutsideTheList() {
    CheckResult result =
        evaluate("accepted_values", "column", "status", "values", List.of("open", "closed"));

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .isEqualTo(
            "accepted_values(status): 1 rows with values not in the accepted list, e.g. lost");
  }

  @Test
  void rangeShowsTheObservedBounds() {
    CheckResult inside = evaluate("range", "column", "amount", "min", 0, "max", 10);
    CheckResult outside = evaluate("range", "column", "amount", "min", 1);

    assertThat(inside.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(inside.message()).contains("observed [0, 9]");
    assertThat(outside.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(outside.message()).isEqualTo("range(amount): 1 rows outside >= 1 (observed [0, 9])");
  }

  @Test
  void schemaComparesWithTheLiveRelation() {
    assertThat(run("schema")).isEqualTo(Outcome.PASSED);
  }

  @Test
  void schemaNamesAColumnTheStagedRowsAdd() {
    String wider = features(DAY, 0).replace(" AS note", " AS note, 1 AS extra");
    context = new EngineBackedCheckContext(engine, stage("features", DAY, wider));

    CheckResult result = evaluate("schema");

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).contains("extra");
  }

  @Test
  void driftOfIdenticalDistributionsPasses() {
    for (String metric : List.of("psi", "js", "ks", "wasserstein")) {
      CheckResult result = evaluate("drift", "column", "amount", "metric", metric, "min_rows", 5);
      assertThat(result.outcome()).as(metric + ": " + result.message()).isEqualTo(Outcome.PASSED);
      assertThat(result.metric()).as(metric).hasValueSatisfying(v -> assertThat(v).isZero());
    }
  }

  @Test
  void driftOfAShiftedDistributionFails() {
    context = new EngineBackedCheckContext(engine, stage("features", DAY, features(DAY, 100)));

    CheckResult result = evaluate("drift", "column", "amount", "metric", "psi", "min_rows", 5);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void driftOfATextColumnIsCategorical() {
    CheckResult result = evaluate("drift", "column", "status", "min_rows", 5);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.PASSED);
  }

  @Test
  void reconcileComparesWithTheUpstreamPartition() {
    assertThat(run("reconcile", "with", "events", "expr", "sum(amount)")).isEqualTo(Outcome.PASSED);
    context = new EngineBackedCheckContext(engine, stage("features", DAY, features(DAY, 100)));

    assertThat(run("reconcile", "with", "events", "expr", "count(*)")).isEqualTo(Outcome.PASSED);
    assertThat(run("reconcile", "with", "events", "expr", "sum(amount)")).isEqualTo(Outcome.FAILED);
  }

  @Test
  void sqlAndReadTestRunTheUsersQueryOnTheStagedRows() {
    assertThat(run("sql", "query", "select count(*) = 10 from {{ this }}"))
        .isEqualTo(Outcome.PASSED);
    assertThat(run("sql", "query", "select count(*) = 0 from {{ this }} where amount > 5"))
        .isEqualTo(Outcome.FAILED);
    Map<String, String> file = Map.of("file", "select id from {{ this }} where id > 5");
    CheckResult read = Checks.create("read_test", file, "file", "tests/read.sql").evaluate(context);
    assertThat(read.message())
        .isEqualTo("read_test(tests/read.sql): tests/read.sql returned 4 rows");
  }

  @Test
  void everyBuiltInTypeIsCoveredHere() {
    assertThat(CheckFactory.types())
        .containsExactlyInAnyOrder(
            "row_count",
            "not_null",
            "null_spike",
            "unique",
            "accepted_values",
            "range",
            "drift",
            "schema",
            "reconcile",
            "sql",
            "read_test");
  }

  private Outcome run(String type, Object... options) {
    return evaluate(type, options).outcome();
  }

  private CheckResult evaluate(String type, Object... options) {
    return Checks.create(type, options).evaluate(context);
  }

  private StagedPartition stage(String asset, PartitionKey day, String sql) {
    StageRequest request =
        new StageRequest(
            "run-1",
            1,
            asset,
            engine.versionRelation(asset, "v1"),
            day,
            new StageModel(new TaskInput.Sql(sql), "ts", "models/" + asset + ".sql"));
    return engine.stage(request, new Cancellation());
  }

  /** Ten rows of {@code day} in plain SQL; amounts shifted by {@code shift}. */
  private static String features(PartitionKey day, int shift) {
    String date = day.key();
    return IntStream.range(0, 10)
        .mapToObj(
            i ->
                "SELECT "
                    + i
                    + " AS id, TIMESTAMP '"
                    + date
                    + " 0"
                    + (i % 10)
                    + ":00:00' AS ts, "
                    + (i + shift)
                    + " AS amount, '"
                    + (i == 9 ? "lost" : "open")
                    + "' AS status, "
                    + (i % 5 == 0 ? "CASE WHEN 1 = 0 THEN 'n' END" : "'n'")
                    + " AS note")
        .collect(Collectors.joining(" UNION ALL "));
  }
}
