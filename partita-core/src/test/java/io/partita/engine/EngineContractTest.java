package io.partita.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.WriteMode;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link Engine} keeps, run against each backend by a subclass. Models and reads
 * use plain SQL (literal SELECTs, DATE literals, count/sum) and the engine's own {@link
 * SqlDialect}, so any warehouse can run it; backend-specific behaviour (files, error texts of the
 * database) stays in the backend's own tests.
 */
public abstract class EngineContractTest {
  protected static final PublishRequest OVERWRITE =
      new PublishRequest(WriteMode.OVERWRITE, List.of());

  @TempDir protected Path project;
  protected Engine engine;

  /** Opens (or reopens, after {@link Engine#close}) the engine's warehouse in {@code project}. */
  protected abstract Engine open(Path project);

  @BeforeEach
  void openEngine() {
    engine = open(project);
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  void overwriteReplacesOnlyItsPartition() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    write("run-1", "events", "2025-03-02", day("2025-03-02", 4, 1));

    PublishResult result = write("run-2", "events", "2025-03-02", day("2025-03-02", 2, 10));

    assertThat(result).isEqualTo(new PublishResult(2, 4));
    assertThat(summary("events")).containsExactly("2025-03-01 3 3", "2025-03-02 2 10");
  }

  @Test
  void anEmptyResultEmptiesAPartitionThatHadRows() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    write("run-1", "events", "2025-03-02", day("2025-03-02", 4, 1));

    PublishResult result =
        write("run-2", "events", "2025-03-02", day("2025-03-02", 1, 1) + " LIMIT 0");

    assertThat(result).isEqualTo(new PublishResult(0, 4));
    assertThat(summary("events")).containsExactly("2025-03-01 3 3");
  }

  @Test
  void rowsOutsideTheWindowAreRejectedAndNothingIsWritten() {
    write("run-1", "features", "2025-03-02", day("2025-03-02", 2, 1));
    String leaky = day("2025-03-02", 5, 7) + " UNION ALL " + day("2025-03-01", 3, 7);
    StageRequest request = request("run-2", "features", "2025-03-02", leaky);

    assertThatThrownBy(() -> engine.stage(request, new Cancellation()))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("asset 'features' partition 2025-03-02 (models/features.sql): ")
        .hasMessageContaining("3 rows have event_date outside [2025-03-02, 2025-03-03)")
        .hasMessageContaining("nothing was written")
        .extracting(e -> ((EngineException) e).retryable())
        .isEqualTo(false);
    assertThat(summary("features")).containsExactly("2025-03-02 2 1");
    assertThat(engine.published("run-2")).isEmpty();
  }

  @Test
  void mergeUpdatesMatchedKeysAndInsertsTheRest() {
    PublishRequest merge = new PublishRequest(WriteMode.MERGE, List.of("id", "event_date"));
    engine.publish(stage("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1)), merge);
    String late =
        IntStream.range(2, 5)
            .mapToObj(
                i ->
                    "SELECT "
                        + i
                        + " AS id, DATE '2025-03-01' AS event_date, "
                        + (100 + i)
                        + " AS amount")
            .collect(Collectors.joining(" UNION ALL "));

    PublishResult result = engine.publish(stage("run-2", "events", "2025-03-01", late), merge);

    assertThat(result).isEqualTo(new PublishResult(3, 1));
    assertThat(rows("SELECT id, amount FROM " + table("events") + " ORDER BY id"))
        .containsExactly("0 0", "1 1", "2 102", "3 103", "4 104");
  }

  @Test
  void publishAllShowsEveryPartitionOrNone() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    write("run-1", "events", "2025-03-02", day("2025-03-02", 3, 1));
    StagedPartition good = stage("run-2", "events", "2025-03-01", day("2025-03-01", 2, 10));
    // Its staging relation is gone: the second partition's publish fails inside the transaction.
    StagedPartition bad = stage("run-2", "events", "2025-03-02", day("2025-03-02", 1, 10));
    engine.discard(bad);

    assertThatThrownBy(() -> engine.publishAll(List.of(good, bad), List.of(OVERWRITE, OVERWRITE)))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("asset 'events' partition ");
    assertThat(summary("events")).containsExactly("2025-03-01 3 3", "2025-03-02 3 3");
    assertThat(engine.published("run-2")).isEmpty();

    List<PublishResult> results =
        engine.publishAll(
            List.of(
                stage("run-3", "events", "2025-03-01", day("2025-03-01", 2, 10)),
                stage("run-3", "events", "2025-03-02", day("2025-03-02", 1, 5))),
            List.of(OVERWRITE, OVERWRITE));

    assertThat(results).containsExactly(new PublishResult(2, 3), new PublishResult(1, 3));
    assertThat(summary("events")).containsExactly("2025-03-01 2 10", "2025-03-02 1 0");
    assertThat(engine.published("run-3"))
        .extracting(PublishedPartition::partition)
        .containsExactlyInAnyOrder("2025-03-01", "2025-03-02");
  }

  @Test
  void publishAllAcrossRelationsIsOneTransactionOrRefusedUpFront() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    List<StagedPartition> staged =
        List.of(
            stage("run-2", "events", "2025-03-01", day("2025-03-01", 2, 10)),
            stage("run-2", "clicks", "2025-03-01", day("2025-03-01", 1, 5)));

    if (!engine.publishesSeveralRelationsAtomically()) {
      assertThatThrownBy(() -> engine.publishAll(staged, List.of(OVERWRITE, OVERWRITE)))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("cannot publish 2 tables")
          .hasMessageContaining("nothing was published");
      assertThat(summary("events")).containsExactly("2025-03-01 3 3");
      assertThat(engine.published("run-2")).isEmpty();
      return;
    }
    List<PublishResult> results = engine.publishAll(staged, List.of(OVERWRITE, OVERWRITE));

    assertThat(results).containsExactly(new PublishResult(2, 3), new PublishResult(1, 0));
    assertThat(summary("events")).containsExactly("2025-03-01 2 10");
    assertThat(engine.published("run-2"))
        .extracting(PublishedPartition::asset)
        .containsExactlyInAnyOrder("events", "clicks");
  }

  @Test
  void restorePutsBackTheRowsARunReplaced() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    write("run-2", "events", "2025-03-01", day("2025-03-01", 2, 10));
    assertThat(engine.backups("run-2"))
        .singleElement()
        .satisfies(
            backup -> {
              assertThat(backup.rows()).contains(3L);
              assertThat(backup.restorable()).isTrue();
            });

    long restored =
        engine.restore(
            "run-3",
            "run-2",
            List.of(
                new RestoreRequest(
                    "events",
                    table("events"),
                    key("2025-03-01"),
                    "event_date",
                    WriteMode.OVERWRITE,
                    List.of())));

    assertThat(restored).isEqualTo(3);
    assertThat(summary("events")).containsExactly("2025-03-01 3 3");
    assertThat(engine.lastPublish("events", "2025-03-01"))
        .map(PublishedPartition::runId)
        .contains("run-3");
  }

  @Test
  void aRunPublishingSeveralPartitionsAtOnceRestoresEachToItsOwnRows() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    write("run-1", "events", "2025-03-02", day("2025-03-02", 4, 2));
    write("run-1", "events", "2025-03-05", day("2025-03-05", 1, 1));
    List<String> days = List.of("2025-03-01", "2025-03-02", "2025-03-03");

    List<PublishResult> results =
        engine.publishAll(
            days.stream().map(day -> stage("run-2", "events", day, day(day, 2, 10))).toList(),
            days.stream().map(day -> OVERWRITE).toList());

    assertThat(results)
        .containsExactly(new PublishResult(2, 3), new PublishResult(2, 4), new PublishResult(2, 0));
    assertThat(summary("events"))
        .containsExactly("2025-03-01 2 10", "2025-03-02 2 10", "2025-03-03 2 10", "2025-03-05 1 0");
    assertThat(engine.backups("run-2"))
        .extracting(backup -> backup.partition() + " " + backup.rows().orElse(-1L))
        .containsExactlyInAnyOrder("2025-03-01 3", "2025-03-02 4", "2025-03-03 0");

    long restored =
        engine.restore(
            "run-3",
            "run-2",
            days.stream()
                .map(
                    day ->
                        new RestoreRequest(
                            "events",
                            table("events"),
                            key(day),
                            "event_date",
                            WriteMode.OVERWRITE,
                            List.of()))
                .toList());

    assertThat(restored).isEqualTo(7);
    assertThat(summary("events"))
        .containsExactly("2025-03-01 3 3", "2025-03-02 4 12", "2025-03-05 1 0");
  }

  @Test
  void restoringTheFirstWriteOfAPartitionLeavesItEmptyAndItsNeighboursAlone() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    write("run-1", "events", "2025-03-03", day("2025-03-03", 2, 1));

    PublishResult first = write("run-2", "events", "2025-03-02", day("2025-03-02", 4, 10));

    assertThat(first).isEqualTo(new PublishResult(4, 0));
    assertThat(engine.backups("run-2"))
        .singleElement()
        .satisfies(backup -> assertThat(backup.rows()).contains(0L));
    long restored =
        engine.restore(
            "run-3",
            "run-2",
            List.of(
                new RestoreRequest(
                    "events",
                    table("events"),
                    key("2025-03-02"),
                    "event_date",
                    WriteMode.OVERWRITE,
                    List.of())));

    assertThat(restored).isZero();
    assertThat(summary("events")).containsExactly("2025-03-01 3 3", "2025-03-03 2 1");
  }

  @Test
  void versionsAreWrittenApartAndSwitchedAtOnce() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    String v2 = engine.versionRelation("events", "v2");
    StageRequest rebuild =
        new StageRequest(
            "run-2",
            1,
            "events",
            v2,
            key("2025-03-01"),
            new StageModel(
                new TaskInput.Sql(day("2025-03-01", 1, 7)), "event_date", "models/events.sql"));
    engine.publish(engine.stage(rebuild, new Cancellation()), OVERWRITE);

    assertThat(engine.liveVersion("events")).contains("v1");
    assertThat(summary("events")).containsExactly("2025-03-01 3 3");

    engine.switchVersion("events", "v2");

    assertThat(engine.liveVersion("events")).contains("v2");
    assertThat(summary("events")).containsExactly("2025-03-01 1 0");
    assertThatThrownBy(() -> engine.switchVersion("events", "v9"))
        .isInstanceOf(PartitaException.class)
        .hasMessageContaining("Asset 'events' has no version v9 in the warehouse")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
    engine.dropVersion("events", "v1");
    engine.dropVersion("events", "v1");
    assertThatThrownBy(() -> engine.query("SELECT count(*) FROM " + table("events"), 1))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("Query failed: ");
    assertThat(summary("events")).containsExactly("2025-03-01 1 0");
  }

  @Test
  void thePublishLogTellsAfterACrashWhatCommitted() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    stage("run-1", "events", "2025-03-02", day("2025-03-02", 3, 1)); // never published
    assertThat(engine.wasPublished("run-1", "events", "2025-03-02")).isFalse();

    engine.close(); // the process dies between the publish and the state store's record
    engine = open(project);

    assertThat(engine.wasPublished("run-1", "events", "2025-03-01")).isTrue();
    assertThat(engine.wasPublished("run-1", "events", "2025-03-02")).isFalse();
    assertThat(engine.wasPublished("run-2", "events", "2025-03-01")).isFalse();
    assertThat(engine.published("run-1"))
        .singleElement()
        .satisfies(
            published -> {
              assertThat(published.partition()).isEqualTo("2025-03-01");
              assertThat(published.rows()).isEqualTo(3);
              assertThat(published.target()).isEqualTo(table("events"));
            });
    assertThat(engine.lastPublishTo(table("events"), "2025-03-01")).isPresent();
    assertThat(engine.latestPublishes())
        .extracting(PublishedPartition::partition)
        .containsExactly("2025-03-01");
  }

  @Test
  void discardAndDropViewAreIdempotent() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));
    StagedPartition staged = stage("run-2", "events", "2025-03-01", day("2025-03-01", 1, 9));
    String overlay = engine.overlay("run-2__x", "events", List.of(staged), List.of(OVERWRITE));
    assertThat(rows("SELECT count(*), sum(amount) FROM " + overlay)).containsExactly("1 0");

    engine.dropView(overlay);
    engine.dropView(overlay);
    engine.discard(staged);
    engine.discard(staged);

    assertThat(summary("events")).containsExactly("2025-03-01 3 3");
    assertThat(engine.published("run-2")).isEmpty();
  }

  @Test
  void describeNamesColumnsAndTheDialectKnowsTheirTypes() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));

    List<Column> columns = engine.describe(engine.relation("events"));

    assertThat(columns).extracting(Column::name).containsExactly("id", "event_date", "amount");
    assertThat(columns)
        .extracting(column -> engine.dialect().isNumeric(column.type()))
        .containsExactly(true, false, true);
    assertThat(engine.describe("select amount from " + engine.relation("events")))
        .extracting(Column::name)
        .containsExactly("amount");
  }

  @Test
  void dialectExpressionsRunOnTheEngine() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 5, 2));
    SqlDialect sql = engine.dialect();
    String events = engine.relation("events");

    List<Object> row =
        engine
            .query(
                "SELECT "
                    + sql.quantile("amount", 0.5)
                    + ", "
                    + sql.quantilesAsText("amount", List.of(0.0, 0.5, 1.0))
                    + ", "
                    + sql.castToText("max(amount)")
                    + ", "
                    + sql.toDouble("count(*)")
                    + " / 2, "
                    + sql.dateDiff(ChronoUnit.DAYS, "DATE '2025-03-01'", "DATE '2025-03-04'")
                    + ", "
                    + "(SELECT "
                    + sql.stringAgg("v", ", ")
                    + " FROM (SELECT 'x' AS v) t), "
                    + "max("
                    + sql.quote("amount")
                    + ")"
                    + " FROM "
                    + events,
                1)
            .rows()
            .get(0);

    assertThat(((Number) row.get(0)).doubleValue()).isEqualTo(4.0);
    assertThat(row.get(1)).isEqualTo("[0.0, 4.0, 8.0]");
    assertThat(row.get(2)).isEqualTo("8");
    assertThat(((Number) row.get(3)).doubleValue()).isEqualTo(2.5);
    assertThat(((Number) row.get(4)).longValue()).isEqualTo(3);
    assertThat(row.get(5)).isEqualTo("x");
    assertThat(((Number) row.get(6)).longValue()).isEqualTo(8);
  }

  @Test
  void queryRefusesAnythingButOneReadAndChangesNothing() {
    write("run-1", "events", "2025-03-01", day("2025-03-01", 3, 1));

    assertThatThrownBy(() -> engine.query("DROP TABLE " + table("events"), 10))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("Query refused: the SQL ")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
    assertThat(engine.dialect().readKeywords()).contains("SELECT", "WITH");
    assertThat(summary("events")).containsExactly("2025-03-01 3 3");
  }

  // --- helpers ---

  protected static PartitionKey key(String day) {
    return Grain.DAY.parseKey(day);
  }

  /** The physical table of v1, which a first publish creates and makes live. */
  protected String table(String asset) {
    return engine.versionRelation(asset, "v1");
  }

  protected StageRequest request(String runId, String asset, String day, String sql) {
    return new StageRequest(
        runId,
        1,
        asset,
        table(asset),
        key(day),
        new StageModel(new TaskInput.Sql(sql), "event_date", "models/" + asset + ".sql"));
  }

  protected StagedPartition stage(String runId, String asset, String day, String sql) {
    return engine.stage(request(runId, asset, day, sql), new Cancellation());
  }

  protected PublishResult write(String runId, String asset, String day, String sql) {
    return engine.publish(stage(runId, asset, day, sql), OVERWRITE);
  }

  /** {@code count} rows of one day in plain SQL: ids 0.., amounts {@code id * factor}. */
  protected static String day(String day, int count, int factor) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                "SELECT "
                    + i
                    + " AS id, DATE '"
                    + day
                    + "' AS event_date, "
                    + (i * factor)
                    + " AS amount")
        .collect(Collectors.joining(" UNION ALL "));
  }

  /** Per day of the published asset: "day rows sum(amount)". */
  protected List<String> summary(String asset) {
    return rows(
        "SELECT event_date, count(*), sum(amount) FROM "
            + engine.relation(asset)
            + " GROUP BY event_date ORDER BY event_date");
  }

  /** Rows as text, values separated by a space, so that any engine's Java types compare. */
  protected List<String> rows(String sql) {
    List<String> rows = new ArrayList<>();
    for (List<Object> row : engine.query(sql, 10_000).rows()) {
      rows.add(row.stream().map(String::valueOf).collect(Collectors.joining(" ")));
    }
    return rows;
  }
}
