package io.partita.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BasicChecksTest {
  private final DuckDbCheckContext context = new DuckDbCheckContext();

  @AfterEach
  void close() throws Exception {
    context.close();
  }

  /** 1000 rows; entity_id is NULL in 31 of them. */
  private void thousandRowsWith31Nulls() {
    context.execute(
        "create table staged as select case when i < 31 then null else i end as entity_id,"
            + " i as amount, TIMESTAMP '2024-12-10' as ts from range(1000) t(i)");
  }

  @Test
  void rowCountWithinBoundsPasses() {
    context.execute("create table staged as select * from range(10) t(i)");

    CheckResult result = Checks.create("row_count", "min", 1, "max", 10).evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(result.metric()).contains(10.0);
    assertThat(result.metrics()).isEqualTo(Map.of("row_count", 10.0));
    assertThat(result.message()).isEqualTo("row_count: 10 rows");
    assertThat(result.threshold()).isEqualTo(">= 1, <= 10");
  }

  @Test
  void rowCountBelowMinFails() {
    context.execute("create table staged as select * from range(10) t(i)");

    CheckResult result = Checks.create("row_count", "min", 20).evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message()).isEqualTo("row_count: 10 rows below min 20");
  }

  @Test
  void rowCountWarnsOnEmptyPartitionByDefault() {
    context.execute("create table staged as select * from range(0) t(i)");

    CheckResult maxOnly = Checks.create("row_count", "max", 10).evaluate(context);
    CheckResult ratioWithoutHistory =
        Checks.create("row_count", "ratio_vs_trailing", List.of(0.5, 2.0)).evaluate(context);

    assertThat(maxOnly.outcome()).isEqualTo(Outcome.WARNED);
    assertThat(maxOnly.message())
        .isEqualTo("row_count: 0 rows: empty partition (min: 1 fails on it, min: 0 accepts it)");
    assertThat(ratioWithoutHistory.outcome()).isEqualTo(Outcome.WARNED);
    assertThat(ratioWithoutHistory.message()).contains("0 rows", "empty partition");
  }

  @Test
  void rowCountWithExplicitMinOneStillFailsAnEmptyPartitionAndMinZeroAcceptsIt() {
    context.execute("create table staged as select * from range(0) t(i)");

    CheckResult minOne = Checks.create("row_count", "min", 1).evaluate(context);
    CheckResult minZero = Checks.create("row_count", "min", 0).evaluate(context);

    assertThat(minOne.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(minOne.message()).isEqualTo("row_count: 0 rows below min 1");
    assertThat(minZero.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(minZero.message()).isEqualTo("row_count: 0 rows");
  }

  @Test
  void rowCountRatioUsesTheTrailingMedian() {
    context.execute("create table staged as select * from range(10) t(i)");
    context.withTrailing("row_count", 40.0, 30.0, 50.0);

    CheckResult result =
        Checks.create("row_count", "ratio_vs_trailing", List.of(0.5, 2.0)).evaluate(context);

    // median(40, 30, 50) = 40; 10 / 40 = 0.25 < 0.5
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .isEqualTo("row_count: 10 rows ratio 0.25 to trailing median 40.0 outside [0.5, 2.0]");
    assertThat(result.threshold()).isEqualTo("[0.5, 2.0] x trailing median 40.0");
  }

  @Test
  void rowCountRatioPassesNearTheMedian() {
    context.execute("create table staged as select * from range(10) t(i)");
    context.withTrailing("row_count", 9.0, 12.0, 10.0, 100.0);

    CheckResult result =
        Checks.create("row_count", "ratio_vs_trailing", List.of(0.5, 2.0)).evaluate(context);

    // median(9, 10, 12, 100) = 11; 10 / 11 = 0.9091
    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(result.message())
        .isEqualTo("row_count: 10 rows (ratio 0.9091 to trailing median 11.0)");
  }

  @Test
  void rowCountRatioIsSkippedWithoutEnoughHistory() {
    context.execute("create table staged as select * from range(10) t(i)");
    context.withTrailing("row_count", 10.0);

    CheckResult ratioOnly =
        Checks.create("row_count", "ratio_vs_trailing", List.of(0.5, 2.0)).evaluate(context);
    CheckResult withMin =
        Checks.create("row_count", "min", 1, "ratio_vs_trailing", List.of(0.5, 2.0))
            .evaluate(context);

    assertThat(ratioOnly.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(ratioOnly.message())
        .isEqualTo(
            "row_count: skipped: ratio_vs_trailing skipped: needs 3 trailing partitions, has 1");
    assertThat(ratioOnly.metrics()).isEqualTo(Map.of("row_count", 10.0));
    assertThat(withMin.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(withMin.message())
        .endsWith("(ratio_vs_trailing skipped: needs 3 trailing partitions, has 1)");
  }

  @Test
  void failingCheckOfSeverityWarnIsWarned() {
    context.execute("create table staged as select * from range(10) t(i)");

    CheckResult result =
        Checks.create("row_count", "min", 20, "severity", "warn").evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.WARNED);
  }

  @Test
  void notNullReportsTheNullRate() {
    thousandRowsWith31Nulls();

    CheckResult result =
        Checks.create("not_null", "columns", List.of("entity_id")).evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.check()).isEqualTo("not_null(entity_id)");
    assertThat(result.message())
        .isEqualTo("not_null(entity_id): null rate 0.031 > max_rate 0.0 (31 of 1000 rows)");
    assertThat(result.metric()).contains(0.031);
    assertThat(result.metrics()).isEqualTo(Map.of("null_rate:entity_id", 0.031));
    assertThat(
            context
                .query("select count(*) from (" + result.failingRowsSql().orElseThrow() + ")")
                .rows())
        .containsExactly(List.of(31L));
  }

  @Test
  void notNullPassesUnderMaxRate() {
    thousandRowsWith31Nulls();

    CheckResult result =
        Checks.create("not_null", "columns", List.of("entity_id", "amount"), "max_rate", 0.05)
            .evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(result.message())
        .isEqualTo(
            "not_null(entity_id,amount): null rate of entity_id 0.031 <= max_rate 0.05 (31 of 1000"
                + " rows)");
    assertThat(result.metrics())
        .isEqualTo(Map.of("null_rate:entity_id", 0.031, "null_rate:amount", 0.0));
    assertThat(result.failingRowsSql()).isEmpty();
  }

  @Test
  void nullSpikeComparesWithTheTrailingMean() {
    thousandRowsWith31Nulls();
    context.withTrailing("null_rate:entity_id", 0.01, 0.02, 0.0);

    CheckResult tight =
        Checks.create("null_spike", "columns", List.of("entity_id"), "max_increase_pp", 2)
            .evaluate(context);
    CheckResult loose =
        Checks.create("null_spike", "columns", List.of("entity_id"), "max_increase_pp", 5)
            .evaluate(context);

    // mean(0.01, 0.02, 0.0) = 0.01; (0.031 - 0.01) * 100 = 2.1 pp
    assertThat(tight.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(tight.metric().orElseThrow()).isCloseTo(2.1, within(1e-9));
    assertThat(tight.message())
        .isEqualTo(
            "null_spike(entity_id): null rate 0.031 vs trailing mean 0.01 = +2.1 pp > 2.0 pp");
    assertThat(tight.metrics()).isEqualTo(Map.of("null_rate:entity_id", 0.031));
    assertThat(loose.outcome()).isEqualTo(Outcome.PASSED);
  }

  @Test
  void nullSpikeIsSkippedWithoutHistory() {
    thousandRowsWith31Nulls();

    CheckResult result =
        Checks.create("null_spike", "columns", List.of("entity_id"), "max_increase_pp", 2)
            .evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(result.message())
        .isEqualTo("null_spike(entity_id): skipped: entity_id needs 3 trailing partitions, has 0");
    assertThat(result.metrics()).isEqualTo(Map.of("null_rate:entity_id", 0.031));
  }

  @Test
  void uniqueCountsSurplusRowsAndListsDuplicatedKeys() {
    context.execute(
        "create table staged as select * from (values (1, 'a'), (1, 'a'), (1, 'a'), (2, 'b'),"
            + " (3, 'c'), (3, 'c'), (3, 'd')) t(id, code)");

    CheckResult result =
        Checks.create("unique", "columns", List.of("id", "code")).evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.metric()).contains(3.0);
    assertThat(result.message())
        .isEqualTo("unique(id,code): 3 duplicate rows over 2 keys (id, code)");
    assertThat(context.query(result.failingRowsSql().orElseThrow() + " order by id").rows())
        .containsExactly(List.of(1, "a", 3L), List.of(3, "c", 2L));
  }

  @Test
  void uniquePassesOnDistinctKeys() {
    context.execute("create table staged as select * from (values (1, 'a'), (1, 'b')) t(id, code)");

    CheckResult result =
        Checks.create("unique", "columns", List.of("id", "code")).evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(result.metric()).contains(0.0);
  }

  @Test
  void acceptedValuesCountsRowsOutsideAndIgnoresNulls() {
    context.execute(
        "create table staged as select * from (values ('open'), ('closed'), ('bogus'), ('bogus'),"
            + " ('weird'), (null)) t(status)");

    CheckResult result =
        Checks.create("accepted_values", "column", "status", "values", List.of("open", "closed"))
            .evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.metric()).contains(3.0);
    assertThat(result.message())
        .isEqualTo(
            "accepted_values(status): 3 rows with values not in the accepted list, e.g. bogus,"
                + " weird");
    assertThat(result.metrics()).isEqualTo(Map.of("rows_not_accepted:status", 3.0));
  }

  @Test
  void acceptedValuesPassesWithNumbers() {
    context.execute("create table staged as select * from (values (1), (2), (2)) t(level)");

    CheckResult result =
        Checks.create("accepted_values", "column", "level", "values", List.of(1, 2, 3))
            .evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(result.message()).isEqualTo("accepted_values(level): all values accepted");
  }

  @Test
  void rangeCountsRowsOutsideInclusiveBounds() {
    context.execute(
        "create table staged as select * from (values (-1), (0), (5), (10), (11), (null))"
            + " t(amount)");

    CheckResult failing =
        Checks.create("range", "column", "amount", "min", 0, "max", 10).evaluate(context);
    CheckResult passing = Checks.create("range", "column", "amount", "min", -1).evaluate(context);

    assertThat(failing.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failing.metric()).contains(2.0);
    assertThat(failing.message())
        .isEqualTo("range(amount): 2 rows outside >= 0 and <= 10 (observed [-1, 11])");
    assertThat(context.query(failing.failingRowsSql().orElseThrow() + " order by amount").rows())
        .containsExactly(List.of(-1), List.of(11));
    assertThat(passing.outcome()).isEqualTo(Outcome.PASSED);
  }
}
