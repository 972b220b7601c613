package io.partita.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The partition is 2024-12-10; the default baseline is the live rows of 2024-12-03 .. 2024-12-09.
 * Live rows outside that window (2024-12-01 and the partition itself) must not leak into it.
 */
class DriftCheckTest {
  private final DuckDbCheckContext context = new DuckDbCheckContext();

  @AfterEach
  void close() throws Exception {
    context.close();
  }

  /** Baseline x = 1..100 spread over the 7 trailing days, plus noise outside the window. */
  private void numericBaseline() {
    context
        .execute(
            "create table live as select i::double as x,"
                + " TIMESTAMP '2024-12-03' + to_days(cast(i % 7 as integer)) as ts"
                + " from range(1, 101) t(i)",
            "insert into live select 1000000, TIMESTAMP '2024-12-01'",
            "insert into live select -1000000, TIMESTAMP '2024-12-10 12:00:00'")
        .withLive();
  }

  private void staged(String valuesSql) {
    context.execute(
        "create table staged as select x, TIMESTAMP '2024-12-10' as ts from (" + valuesSql + ")");
  }

  /**
   * Current: 20 values in the baseline's first decile bin (x <= 10.9), 10 in each of bins 2..9,
   * none above 90.1. Proportions cur = [0.2, 0.1 x 8, 0], base = [0.1 x 10].
   */
  private void skewedCurrent() {
    staged(
        "select 5.0 as x from range(20) union all "
            + "select 15.0 + 10 * (i // 10) from range(80) t(i)");
  }

  @Test
  void psiOfKnownBins() {
    numericBaseline();
    skewedCurrent();

    CheckResult result = Checks.create("drift", "column", "x").evaluate(context);

    // (0.2 - 0.1) ln(0.2 / 0.1) + (1e-4 - 0.1) ln(1e-4 / 0.1): the empty bin is smoothed to 1e-4.
    double expected = 0.1 * Math.log(2) + (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
    assertThat(result.metric().orElseThrow()).isCloseTo(expected, within(1e-9));
    assertThat(withoutSketch(result.metrics())).containsOnlyKeys("drift_psi:x");
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .isEqualTo(
            "drift_psi(x): psi 0.7594 fails <= 0.2 (100 staged values vs 100 in the 7 trailing"
                + " published partitions)");
  }

  @Test
  void identicalDistributionHasNoDrift() {
    numericBaseline();
    staged("select i::double as x from range(1, 101) t(i)");

    CheckResult psi = Checks.create("drift", "column", "x").evaluate(context);
    CheckResult js = Checks.create("drift", "column", "x", "metric", "js").evaluate(context);

    assertThat(psi.metric().orElseThrow()).isCloseTo(0.0, within(1e-12));
    assertThat(psi.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(js.metric().orElseThrow()).isCloseTo(0.0, within(1e-6));
  }

  @Test
  void jensenShannonDistanceOfKnownBins() {
    numericBaseline();
    skewedCurrent();

    CheckResult result = Checks.create("drift", "column", "x", "metric", "js").evaluate(context);

    // bin 1: c 0.2, b 0.1, m 0.15; bins 2..9 equal; bin 10: c 0, b 0.1, m 0.05.
    double divergence =
        0.5 * 0.2 * log2(0.2 / 0.15) + 0.5 * 0.1 * log2(0.1 / 0.15) + 0.5 * 0.1 * log2(0.1 / 0.05);
    assertThat(result.metric().orElseThrow()).isCloseTo(Math.sqrt(divergence), within(1e-9));
    assertThat(withoutSketch(result.metrics())).containsOnlyKeys("drift_js:x");
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void wassersteinOfAShiftedUniformSampleIsTheShiftOverTheStd() {
    numericBaseline();
    staged("select i::double as x from range(11, 111) t(i)");

    CheckResult result =
        Checks.create("drift", "column", "x", "metric", "wasserstein").evaluate(context);

    // W1 of 1..100 vs 11..110 is the shift 10; the population std of 1..100 is sqrt((100² - 1) /
    // 12).
    double expected = 10 / Math.sqrt((100.0 * 100 - 1) / 12);
    assertThat(result.metric().orElseThrow()).isCloseTo(expected, within(1e-9));
    assertThat(result.metrics()).containsOnlyKeys("drift_wasserstein:x");
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.threshold()).isEqualTo("<= 0.1");
  }

  @Test
  void ksStatisticOfShiftedSamplesAndItsPValue() {
    numericBaseline();
    staged("select i::double as x from range(11, 111) t(i)");

    CheckResult small = Checks.create("drift", "column", "x", "metric", "ks").evaluate(context);

    // max |Fc - Fb| = 0.1 (at x = 10 and x = 100): not significant with 100 values each.
    assertThat(small.metric().orElseThrow()).isCloseTo(0.1, within(1e-12));
    double pValue = small.metrics().get("drift_ks_pvalue:x");
    assertThat(pValue).isCloseTo(Distributions.ksPValue(0.1, 100, 100), within(1e-12));
    assertThat(pValue).isBetween(0.6, 0.75);
    assertThat(small.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(small.threshold()).isEqualTo("p-value >= 0.05");
  }

  @Test
  void ksFailsOnAHalfShiftedSample() {
    numericBaseline();
    staged("select i::double as x from range(51, 151) t(i)");

    CheckResult result = Checks.create("drift", "column", "x", "metric", "ks").evaluate(context);

    assertThat(result.metric().orElseThrow()).isCloseTo(0.5, within(1e-12));
    assertThat(result.metrics().get("drift_ks_pvalue:x")).isLessThan(1e-9);
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .startsWith("drift_ks(x): ks D 0.5, p-value ")
        .contains("fails p-value >= 0.05");
  }

  @Test
  void ksPValueMatchesTheClassicCriticalValue() {
    // Q_KS(1.358) = 0.05: the 5% critical value of the Kolmogorov distribution.
    long n = 1_000_000;
    double en = Math.sqrt(n / 2.0);
    double d = 1.358 / (en + 0.12 + 0.11 / en);

    assertThat(Distributions.ksPValue(d, n, n)).isCloseTo(0.05, within(0.0005));
    assertThat(Distributions.ksPValue(0, n, n)).isEqualTo(1.0);
  }

  @Test
  void categoricalPsiUsesOneBinPerCategory() {
    context
        .execute(
            "create table live as select case when i < 50 then 'a' else 'b' end as c,"
                + " TIMESTAMP '2024-12-09' as ts from range(100) t(i)",
            "create table staged as select case when i < 75 then 'a' else 'b' end as c,"
                + " TIMESTAMP '2024-12-10' as ts from range(100) t(i)")
        .withLive();

    CheckResult result = Checks.create("drift", "column", "c").evaluate(context);

    // (0.75 - 0.5) ln(0.75 / 0.5) + (0.25 - 0.5) ln(0.25 / 0.5)
    double expected = 0.25 * Math.log(1.5) + -0.25 * Math.log(0.5);
    assertThat(result.metric().orElseThrow()).isCloseTo(expected, within(1e-9));
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
  }

  @Test
  void psiBetweenWarnAndFailIsWarned() {
    context
        .execute(
            "create table live as select case when i < 50 then 'a' else 'b' end as c,"
                + " TIMESTAMP '2024-12-09' as ts from range(100) t(i)",
            "create table staged as select case when i < 70 then 'a' else 'b' end as c,"
                + " TIMESTAMP '2024-12-10' as ts from range(100) t(i)")
        .withLive();

    CheckResult result = Checks.create("drift", "column", "c").evaluate(context);

    // 0.2 ln(1.4) - 0.2 ln(0.6) = 0.1695: above warn 0.1, below fail 0.2.
    assertThat(result.metric().orElseThrow())
        .isCloseTo(0.2 * Math.log(1.4) - 0.2 * Math.log(0.6), within(1e-9));
    assertThat(result.outcome()).isEqualTo(Outcome.WARNED);
    assertThat(result.message()).contains("psi 0.1695 warns, not <= 0.1");
  }

  @Test
  void liveSamePartitionBaselineComparesWithThePublishedPartition() {
    context
        .execute(
            "create table live as select i::double as x, TIMESTAMP '2024-12-10' as ts"
                + " from range(1, 101) t(i)",
            "insert into live select 1000000, TIMESTAMP '2024-12-09'",
            "create table staged as select i::double as x, TIMESTAMP '2024-12-10' as ts"
                + " from range(1, 101) t(i)")
        .withLive();

    CheckResult result =
        Checks.create(
                "drift", "column", "x", "metric", "wasserstein", "baseline", "live_same_partition")
            .evaluate(context);

    assertThat(result.metric().orElseThrow()).isCloseTo(0.0, within(1e-12));
    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
    assertThat(result.message()).contains("100 in the live same partition");
  }

  @Test
  void fewerRowsThanMinRowsIsSkippedWithTheCounts() {
    numericBaseline();
    staged("select i::double as x from range(1, 26) t(i)");

    CheckResult small = Checks.create("drift", "column", "x").evaluate(context);
    CheckResult lowered = Checks.create("drift", "column", "x", "min_rows", 20).evaluate(context);

    assertThat(small.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(small.message())
        .isEqualTo(
            "drift_psi(x): skipped: 25 staged values vs 100 in the 7 trailing published partitions:"
                + " fewer than min_rows 100 on a side, too few to measure drift");
    // The staged values' sketch is kept even when skipped: later partitions compare with it.
    assertThat(withoutSketch(small.metrics())).isEmpty();
    assertThat(small.metrics()).containsEntry("drift_sketch:x:n", 25.0);
    assertThat(lowered.outcome()).isNotEqualTo(Outcome.SKIPPED);
  }

  @Test
  void baselineSkipsPartitionsThatFailedAndReachesFurtherBack() {
    // 20 rows on each day 11-26 .. 12-09 except 12-05 and 12-06, which failed and published
    // nothing.
    context
        .execute(
            "create table live as select (i % 20)::double as x,"
                + " TIMESTAMP '2024-11-26' + to_days(cast(i // 20 as integer)) as ts from range(0, 280) t(i)",
            "delete from live where ts in (TIMESTAMP '2024-12-05', TIMESTAMP '2024-12-06')")
        .withLive()
        .withPublished(
            "2024-11-30",
            "2024-12-01",
            "2024-12-02",
            "2024-12-03",
            "2024-12-04",
            "2024-12-07",
            "2024-12-08",
            "2024-12-09");
    staged("select (i % 20)::double as x from range(0, 140) t(i)");

    CheckResult result = Checks.create("drift", "column", "x").evaluate(context);

    // The 7 published partitions before 12-10 are 12-01..12-04 and 12-07..12-09: 140 rows, not the
    // 100 that the 7 calendar days 12-03..12-09 hold.
    assertThat(result.message())
        .contains("(140 staged values vs 140 in the 7 trailing published partitions)");
    assertThat(result.outcome()).isEqualTo(Outcome.PASSED);
  }

  @Test
  void skippedWithoutBaseline() {
    staged("select 1.0 as x");

    CheckResult unpublished = Checks.create("drift", "column", "x").evaluate(context);
    context
        .execute("create table live as select 1.0 as x, TIMESTAMP '2024-11-01' as ts")
        .withLive();
    CheckResult emptyWindow = Checks.create("drift", "column", "x").evaluate(context);

    assertThat(unpublished.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(unpublished.message())
        .isEqualTo("drift_psi(x): skipped: no baseline: the asset has no published data yet");
    assertThat(emptyWindow.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(emptyWindow.message())
        .isEqualTo("drift_psi(x): skipped: baseline the 7 trailing published partitions is empty");
    assertThat(withoutSketch(emptyWindow.metrics())).isEqualTo(Map.of());
    assertThat(unpublished.metrics())
        .isEqualTo(Map.of("drift_sketch:x:n", 1.0, "drift_sketch:x:000", 1.0));
  }

  @Test
  void psiFromSketchesOfLargePartitionsIsCloseToThePsiOfTheirRows() {
    // 20,000 values a day, so each trailing day is summarised by 100 points of a ~4,000-row sample.
    context
        .execute(
            "create table live as select (hash(i) % 10000)::double / 100 as x,"
                + " TIMESTAMP '2024-12-03' + to_days(cast(i % 7 as integer)) as ts"
                + " from range(140000) t(i)")
        .withLive();
    staged("select (hash(i, 'staged') % 10000)::double / 100 + 3 as x from range(20000) t(i)");

    CheckResult sketched = Checks.create("drift", "column", "x").evaluate(context);
    double rows =
        Psi.between(
            context,
            Psi.sample(context.dialect(), "staged", "x", ""),
            Psi.sample(context.dialect(), "live", "x", "ts < TIMESTAMP '2024-12-10'"));

    assertThat(rows).isBetween(0.01, 0.1);
    assertThat(sketched.metric().orElseThrow()).isCloseTo(rows, within(0.005));
    assertThat(sketched.message()).contains("(20000 staged values vs 140000 in the 7 trailing");
    assertThat(sketched.metrics()).containsEntry("drift_sketch:x:n", 20000.0);
    assertThat(sketched.metrics().keySet().stream().filter(k -> k.startsWith("drift_sketch:")))
        .hasSize(DistributionSketch.POINTS + 1);
  }

  @Test
  void storedSketchesGiveTheVerdictThatTheRowsGive() {
    context
        .execute(
            "create table live as select (hash(i) % 10000)::double / 100 as x,"
                + " TIMESTAMP '2024-12-03' + to_days(cast(i % 7 as integer)) as ts"
                + " from range(70000) t(i)")
        .withLive();
    // Each day's sketch as its check stored it: measured on its rows when they were staged.
    for (int day = 3; day <= 9; day++) {
      String key = "2024-12-0" + day;
      context.execute(
          "create or replace table staged as select * from live"
              + " where ts = TIMESTAMP '"
              + key
              + "'");
      context.withStoredMetrics(
          key, Checks.create("drift", "column", "x").evaluate(context).metrics());
    }
    context.execute("drop table staged");
    // Shifted by 7 of a 0..100 range: 3% in the first decile bin, 17% in the last.
    staged("select (hash(i, 'staged') % 10000)::double / 100 + 7 as x from range(10000) t(i)");

    int before = context.queries().size();
    CheckResult stored = Checks.create("drift", "column", "x").evaluate(context);
    int queriesWithStored = context.queries().size();
    context.withoutStoredMetrics();
    CheckResult rescanned = Checks.create("drift", "column", "x").evaluate(context);

    assertThat(stored).isEqualTo(rescanned);
    assertThat(stored.outcome()).isEqualTo(Outcome.WARNED);
    // From stored sketches no query reads the live rows; a rescan reads each day twice.
    assertThat(context.queries().subList(before, queriesWithStored))
        .noneMatch(sql -> sql.contains("from live"));
    assertThat(context.queries().subList(queriesWithStored, context.queries().size()))
        .filteredOn(sql -> sql.contains("from live"))
        .hasSize(14);
  }

  @Test
  void ksOnACategoricalColumnFailsWithAHint() {
    context
        .execute(
            "create table live as select 'a' as c, TIMESTAMP '2024-12-09' as ts",
            "create table staged as select 'a' as c, TIMESTAMP '2024-12-10' as ts")
        .withLive();

    CheckResult result = Checks.create("drift", "column", "c", "metric", "ks").evaluate(context);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.message())
        .isEqualTo(
            "drift_ks(c): ks needs a numeric column but c is categorical: use metric psi or js");
  }

  /** The metrics besides the staged values' sketch ({@code drift_sketch:...}). */
  private static Map<String, Double> withoutSketch(Map<String, Double> metrics) {
    Map<String, Double> rest = new java.util.TreeMap<>(metrics);
    rest.keySet().removeIf(name -> name.startsWith("drift_sketch:"));
    return rest;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
