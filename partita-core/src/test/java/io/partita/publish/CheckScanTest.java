package io.partita.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.check.AcceptedValuesCheck;
import io.partita.check.Check;
import io.partita.check.CheckContext;
import io.partita.check.CheckResult;
import io.partita.check.NotNullCheck;
import io.partita.check.NullSpikeCheck;
import io.partita.check.RangeCheck;
import io.partita.check.RowCountCheck;
import io.partita.check.ScannedCheck;
import io.partita.check.Severity;
import io.partita.check.UniqueCheck;
import io.partita.engine.Cancellation;
import io.partita.engine.StageModel;
import io.partita.engine.StageRequest;
import io.partita.engine.StagedPartition;
import io.partita.engine.TaskInput;
import io.partita.engine.duckdb.DuckDbEngine;
import io.partita.model.Grain;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grouped check scan of a {@code batch_size} batch: one query measures every partition, and
 * each partition gets exactly the values its checks read when they run on it alone.
 */
class CheckScanTest {
  /** Five days: clean, a NULL amount, duplicate ids, no rows at all, out of range and unknown. */
  static final String BATCH =
      """
      select * from (values
        (1, date '2025-01-01', 10.0, 1), (2, date '2025-01-01', 11.0, 1),
        (3, date '2025-01-01', 12.0, 1),
        (1, date '2025-01-02', 10.0, 1), (2, date '2025-01-02', null, 1),
        (1, date '2025-01-03', 10.0, 1), (1, date '2025-01-03', 11.0, 1),
        (2, date '2025-01-03', 12.0, 1), (2, date '2025-01-03', 13.0, 1),
        (2, date '2025-01-03', 14.0, 1), (3, date '2025-01-03', null, 1),
        (1, date '2025-01-05', 500.0, 2), (2, date '2025-01-05', 50.0, 7)
      ) as t(id, event_date, amount, version)
      """;

  static final List<Check> CHECKS =
      List.of(
          new RowCountCheck(
              "row_count",
              Severity.ERROR,
              OptionalDouble.of(1),
              OptionalDouble.of(5),
              Optional.empty(),
              7),
          new NotNullCheck("not_null(amount)", Severity.ERROR, List.of("amount"), 0.0),
          new NullSpikeCheck("null_spike(amount)", Severity.WARN, List.of("amount"), 5, 2),
          new UniqueCheck("unique(id)", Severity.ERROR, List.of("id")),
          new RangeCheck(
              "range(amount)", Severity.ERROR, "amount", Optional.of(0L), Optional.of(100L)),
          new AcceptedValuesCheck(
              "accepted_values(version)", Severity.ERROR, "version", List.of(1L)),
          new Unscanned());

  @TempDir Path dir;
  private DuckDbEngine engine;

  @BeforeEach
  void open() {
    engine = DuckDbEngine.open(dir.resolve("warehouse.duckdb"), dir, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void measuresEveryPartitionOfABatchInOneScanPlusOneForEachKeyedCheck() {
    CheckScan scan = CheckScan.of(CHECKS, engine.dialect());

    // Row count, null counts, range and accepted values in one scan; unique over duplicated keys in
    // another; the unscanned check is left to run partition by partition.
    assertThat(scan.queries()).isEqualTo(2);
    List<StagedPartition> staged = stageFiveDays();
    List<Map<Check, List<Object>>> measured = measure(scan, staged);

    assertThat(measured).hasSize(5);
    assertThat(measured).allSatisfy(values -> assertThat(values).hasSize(6));
    assertThat(measured.get(0).get(CHECKS.get(0))).hasToString("[3]");
    assertThat(measured.get(1).get(CHECKS.get(1))).hasToString("[2, 1]");
    assertThat(measured.get(2).get(CHECKS.get(3))).hasToString("[3, 2]");
    // The empty day forms no group: it gets what a query over no rows returns.
    assertThat(measured.get(3).get(CHECKS.get(0))).hasToString("[0]");
    assertThat(measured.get(3).get(CHECKS.get(4))).hasToString("[0, null, null]");
    assertThat(measured.get(4).get(CHECKS.get(5))).hasToString("[2]");
  }

  @Test
  void valuesOverNoRowsAreAskedOnceForAllBatches() {
    CheckScan scan = CheckScan.of(CHECKS, engine.dialect());
    List<StagedPartition> staged = stageFiveDays();
    List<String> relations = staged.stream().map(StagedPartition::stagingRelation).toList();
    List<String> queries = new ArrayList<>();
    io.partita.engine.WarehouseReader counting =
        new io.partita.engine.WarehouseReader() {
          @Override
          public io.partita.engine.QueryResult query(String sql, int maxRows) {
            queries.add(sql);
            return engine.query(sql, maxRows);
          }

          @Override
          public List<io.partita.engine.Column> describe(String relationOrQuery) {
            return engine.describe(relationOrQuery);
          }

          @Override
          public io.partita.engine.SqlDialect dialect() {
            return engine.dialect();
          }
        };

    List<Map<Check, List<Object>>> first =
        scan.measure(counting, relations, () -> engine.stagedRows(staged, CheckScan.PARTITION));
    int firstQueries = queries.size();
    List<Map<Check, List<Object>>> second =
        scan.measure(counting, relations, () -> engine.stagedRows(staged, CheckScan.PARTITION));

    // The two scans, then each measure over no rows for the partitions that form no group (the
    // empty day; the days without duplicate ids): asked by the first batch only.
    assertThat(firstQueries).isEqualTo(4);
    assertThat(queries.size() - firstQueries).isEqualTo(2);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void eachPartitionOfABatchGetsTheVerdictsAndMetricsItsChecksGiveItAlone() {
    List<StagedPartition> staged = stageFiveDays();
    List<Map<Check, List<Object>>> measured =
        measure(CheckScan.of(CHECKS, engine.dialect()), staged);

    for (int day = 0; day < staged.size(); day++) {
      CheckContext context = new History(engine, staged.get(day).stagingRelation());
      for (Check check : CHECKS) {
        if (check instanceof ScannedCheck scanned) {
          CheckResult grouped = scanned.judge(context, measured.get(day).get(check));
          assertThat(grouped)
              .as("%s on day %d", check.name(), day + 1)
              .isEqualTo(check.evaluate(context));
        }
      }
    }
    // The failures land where they belong.
    List<String> failing = new ArrayList<>();
    for (int day = 0; day < staged.size(); day++) {
      CheckContext context = new History(engine, staged.get(day).stagingRelation());
      for (int c = 0; c < 6; c++) {
        ScannedCheck check = (ScannedCheck) CHECKS.get(c);
        CheckResult result = check.judge(context, measured.get(day).get(check));
        if (result.outcome() != io.partita.check.Outcome.PASSED) {
          failing.add((day + 1) + " " + result.message());
        }
      }
    }
    assertThat(failing)
        .containsExactly(
            "2 not_null(amount): null rate 0.5 > max_rate 0.0 (1 of 2 rows)",
            "2 null_spike(amount): null rate 0.5 vs trailing mean 0.0 = +50.0 pp > 5.0 pp",
            "3 row_count: 6 rows above max 5",
            "3 not_null(amount): null rate 0.1667 > max_rate 0.0 (1 of 6 rows)",
            "3 null_spike(amount): null rate 0.1667 vs trailing mean 0.0 = +16.6667 pp > 5.0 pp",
            "3 unique(id): 3 duplicate rows over 2 keys (id)",
            "4 row_count: 0 rows below min 1",
            "5 range(amount): 1 rows outside >= 0 and <= 100 (observed [50.0, 500.0])",
            "5 accepted_values(version): 2 rows with values not in the accepted list, e.g. 2, 7");
  }

  @Test
  void partitionsOfABatchReadFromTheBatchTableMeasureAsTheirOwnRelationsDo() {
    CheckScan scan = CheckScan.of(CHECKS, engine.dialect());
    List<StagedPartition> staged = stageFiveDays();
    // Days 1, 3 and 5: the rows of days 2 and 4 lie in the batch table between them.
    List<StagedPartition> some = List.of(staged.get(0), staged.get(2), staged.get(4));
    List<String> relations = some.stream().map(StagedPartition::stagingRelation).toList();
    String union = io.partita.engine.PartitionWriter.union(some, CheckScan.PARTITION);

    assertThat(engine.stagedRows(some, CheckScan.PARTITION))
        .as("one scan of the batch table, not a union of its views")
        .doesNotContain("union")
        .contains(" asof join ");
    assertThat(measure(scan, some))
        .isEqualTo(scan.measure(engine, relations, () -> union))
        .isEqualTo(
            List.of(
                measure(scan, staged).get(0),
                measure(scan, staged).get(2),
                measure(scan, staged).get(4)));
  }

  private List<Map<Check, List<Object>>> measure(CheckScan scan, List<StagedPartition> staged) {
    return scan.measure(
        engine,
        staged.stream().map(StagedPartition::stagingRelation).toList(),
        () -> engine.stagedRows(staged, CheckScan.PARTITION));
  }

  private List<StagedPartition> stageFiveDays() {
    List<StageRequest> requests = new ArrayList<>();
    for (int day = 1; day <= 5; day++) {
      requests.add(
          new StageRequest(
              "run-1",
              1,
              "readings",
              "\"readings\"",
              Grain.DAY.parseKey("2025-01-0" + day),
              new StageModel(new TaskInput.Sql(BATCH), "event_date", "models/readings.sql")));
    }
    return engine.stageBatch(requests, new Cancellation());
  }

  /** A check the scan does not know how to group: it keeps running partition by partition. */
  private record Unscanned() implements Check {
    @Override
    public String name() {
      return "unscanned";
    }

    @Override
    public Severity severity() {
      return Severity.ERROR;
    }

    @Override
    public CheckResult evaluate(CheckContext context) {
      throw new IllegalStateException("not evaluated in this test");
    }
  }

  /**
   * The context of one staged partition with a flat history (every trailing metric 0 over two
   * partitions); what the scanned checks do not read is refused.
   */
  private record History(DuckDbEngine engine, String stagedRelation) implements CheckContext {
    @Override
    public String asset() {
      return "readings";
    }

    @Override
    public io.partita.model.PartitionKey partition() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String timeColumn() {
      return "event_date";
    }

    @Override
    public Optional<String> liveRelation() {
      return Optional.empty();
    }

    @Override
    public Optional<String> partitionRelation(
        String asset, io.partita.model.PartitionKey partition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> upstreamRelation(String asset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<io.partita.model.PartitionKey> publishedBefore(int count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String windowPredicate(String column, io.partita.model.PartitionKey partition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.partita.engine.QueryResult query(String sql) {
      return engine.query(sql, 100);
    }

    @Override
    public List<io.partita.engine.Column> describe(String relationOrQuery) {
      throw new UnsupportedOperationException();
    }

    @Override
    public io.partita.engine.SqlDialect dialect() {
      return engine.dialect();
    }

    @Override
    public List<Double> trailing(String metric, int count) {
      return List.of(0.0, 0.0);
    }

    @Override
    public String render(String name, String template) {
      throw new UnsupportedOperationException();
    }
  }
}
