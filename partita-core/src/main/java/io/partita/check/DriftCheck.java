package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.model.PartitionKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code drift: {column: amount, metric: psi, warn: 0.1, fail: 0.2, trailing: 7, categorical:
 * false, baseline: trailing}}: compares the staged column with a baseline taken from the live
 * relation, either the trailing {@code n} partitions before this one or ({@code baseline:
 * live_same_partition}, for versioned rebuilds) the same partition. NULLs are ignored. Stores
 * {@code drift_<metric>:<column>} (for ks the statistic D, plus {@code drift_ks_pvalue:<column>}).
 * The trailing baseline takes the last {@code n} partitions whose write succeeded, so failed
 * partitions never thin it out. SKIPPED when either side has fewer than {@code min_rows} (default
 * 100) non-null values: on a few dozen rows every distance is noise.
 */
public record DriftCheck(
    String name,
    Severity severity,
    String column,
    DriftMetric metric,
    Optional<Boolean> categorical,
    Thresholds thresholds,
    BaselineRows baselineRows)
    implements Check {

  /** Fewer values than this on either side and the check is skipped. */
  static final long DEFAULT_MIN_ROWS = 100;

  /** Above this many baseline rows, bins and distances use a deterministic sample of it. */
  static final long MAX_BASELINE_ROWS = 100_000;

  /** Where the baseline rows come from. */
  public enum Baseline {
    TRAILING,
    LIVE_SAME_PARTITION
  }

  /** The metric's warn threshold, if any, and its fail threshold (p-values for ks). */
  public record Thresholds(OptionalDouble warn, double fail) {
    public Thresholds {
      requireNonNull(warn, "warn is null");
    }
  }

  /**
   * Where the baseline comes from, how many trailing partitions it takes, and the fewest non-null
   * values on either side below which the check is skipped.
   */
  public record BaselineRows(Baseline baseline, int trailing, long minRows) {
    public BaselineRows {
      requireNonNull(baseline, "baseline is null");
    }
  }

  public DriftCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(column, "column is null");
    requireNonNull(metric, "metric is null");
    requireNonNull(categorical, "categorical is null");
    requireNonNull(thresholds, "thresholds is null");
    requireNonNull(baselineRows, "baselineRows is null");
  }

  public OptionalDouble warn() {
    return thresholds.warn();
  }

  public double fail() {
    return thresholds.fail();
  }

  public Baseline baseline() {
    return baselineRows.baseline();
  }

  public int trailing() {
    return baselineRows.trailing();
  }

  public long minRows() {
    return baselineRows.minRows();
  }

  static DriftCheck from(CheckOptions options) {
    String column = options.string("column");
    String metricText = options.optionalString("metric").orElse("psi");
    DriftMetric metric =
        DriftMetric.parse(metricText)
            .orElseThrow(
                () ->
                    options.invalid(
                        "metric",
                        "unknown drift metric '"
                            + metricText
                            + "': use one of "
                            + String.join(", ", DriftMetric.names())));
    boolean explicitFail = options.has("fail");
    double fail = options.nonNegative("fail").orElse(metric.defaultFail());
    OptionalDouble warn = options.has("warn") ? options.nonNegative("warn") : metric.defaultWarn();
    String failSource = explicitFail ? "" : " (the default for " + metric.lowerName() + ")";
    if (metric == DriftMetric.KS) {
      if (fail > 1 || (warn.isPresent() && warn.getAsDouble() > 1)) {
        throw options.invalid(
            explicitFail ? "fail" : "warn",
            "ks thresholds are p-values and must be between 0 and 1");
      }
      if (warn.isPresent() && warn.getAsDouble() < fail) {
        throw options.invalid(
            "warn",
            "'warn' p-value "
                + Format.number(warn.getAsDouble())
                + " < 'fail' p-value "
                + Format.number(fail)
                + failSource
                + ": for ks a warn p-value must be at least fail");
      }
    } else if (warn.isPresent() && warn.getAsDouble() > fail) {
      throw options.invalid(
          "warn",
          "'warn' "
              + Format.number(warn.getAsDouble())
              + " > 'fail' "
              + Format.number(fail)
              + failSource
              + ": make warn at most fail");
    }
    Optional<Boolean> categorical =
        options.has("categorical")
            ? Optional.of(options.bool("categorical", false))
            : Optional.empty();
    if (categorical.orElse(false) && !metric.supportsCategorical()) {
      throw options.invalid(
          "metric",
          metric.lowerName()
              + " needs a numeric column: use metric psi or js for a categorical one");
    }
    String baselineText = options.optionalString("baseline").orElse("trailing");
    Baseline baseline =
        switch (baselineText) {
          case "trailing" -> Baseline.TRAILING;
          case "live_same_partition" -> Baseline.LIVE_SAME_PARTITION;
          default ->
              throw options.invalid(
                  "baseline",
                  "unknown baseline '" + baselineText + "': use trailing or live_same_partition");
        };
    return new DriftCheck(
        options.name("drift_" + metric.lowerName() + "(" + column + ")"),
        options.severity(),
        column,
        metric,
        categorical,
        new Thresholds(warn, fail),
        new BaselineRows(
            baseline,
            options.integer("trailing", 1, Trailing.DEFAULT_PARTITIONS),
            options.integer("min_rows", 1, (int) DEFAULT_MIN_ROWS)));
  }

  @Override
  public List<String> columns() {
    return List.of(column);
  }

  String metricName() {
    return "drift_" + metric.lowerName() + ":" + column;
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    String threshold = metric.passing(fail());
    boolean isCategorical = categorical.orElseGet(() -> inferCategorical(context));
    // Numeric psi and js against the trailing partitions compare with their stored sketches
    // instead of reading their rows again.
    if (!isCategorical
        && baseline() == Baseline.TRAILING
        && (metric == DriftMetric.PSI || metric == DriftMetric.JS)) {
      return SketchedDrift.evaluate(this, context);
    }
    if (context.liveRelation().isEmpty()) {
      return Results.skipped(
          this, threshold, "no baseline: the asset has no published data yet", Map.of());
    }
    if (isCategorical && !metric.supportsCategorical()) {
      return Results.of(
          this,
          Results.Verdict.FAIL,
          Double.NaN,
          threshold,
          metric.lowerName()
              + " needs a numeric column but "
              + column
              + " is categorical: use metric psi or js",
          Map.of(),
          Optional.empty());
    }
    String predicate = baselinePredicate(context);
    if (predicate.isEmpty()) {
      return Results.skipped(
          this,
          threshold,
          "no published partition among the " + trailing() + " before this one",
          Map.of());
    }
    String current =
        Distributions.sample(
            context.dialect(), context.stagedRelation(), column, "", isCategorical);
    String base =
        Distributions.sample(
            context.dialect(), context.liveRelation().get(), column, predicate, isCategorical);
    Distributions.Sizes sizes = Distributions.sizes(context, current, base, isCategorical);
    if (sizes.baseline() == 0) {
      return Results.skipped(
          this, threshold, "baseline " + describeBaseline() + " is empty", Map.of());
    }
    if (sizes.current() == 0) {
      return Results.skipped(
          this, threshold, "no non-null values of " + column + " staged", Map.of());
    }
    if (sizes.current() < minRows() || sizes.baseline() < minRows()) {
      return Results.skipped(
          this,
          threshold,
          sizes.current()
              + " staged values vs "
              + sizes.baseline()
              + " in "
              + describeBaseline()
              + ": fewer than min_rows "
              + minRows()
              + " on a side, too few to measure drift",
          Map.of());
    }
    String sampleNote = "";
    if (sizes.baseline() > MAX_BASELINE_ROWS) {
      // Bins and distances from a deterministic ~100k-row sample of a large baseline: the
      // metric's sampling error is far below any threshold, and the cost stops growing with
      // history.
      long every = (sizes.baseline() + MAX_BASELINE_ROWS - 1) / MAX_BASELINE_ROWS;
      base =
          Distributions.sample(
              context.dialect(),
              context.liveRelation().get(),
              column,
              predicate,
              isCategorical,
              every);
      sampleNote = ", baseline sampled 1 in " + every;
    }
    double value;
    OptionalDouble pValue = OptionalDouble.empty();
    String note = "";
    switch (metric) {
      case PSI, JS -> {
        String bin = isCategorical ? "v" : Distributions.binOf(Distributions.edges(context, base));
        Distributions.Binned binned = Distributions.binned(context, current, base, bin);
        value = metric == DriftMetric.PSI ? binned.psi() : binned.js();
      }
      case WASSERSTEIN -> {
        double distance = Distributions.cdf(context, current, base).wasserstein();
        boolean constant = !(sizes.baselineStd() > 0);
        value = constant ? distance : distance / sizes.baselineStd();
        note = constant ? " (baseline is constant: not normalised)" : "";
      }
      case KS -> {
        value = Distributions.cdf(context, current, base).ks();
        pValue =
            OptionalDouble.of(Distributions.ksPValue(value, sizes.current(), sizes.baseline()));
      }
      default -> throw new IllegalStateException(metric.name());
    }
    return judged(value, pValue, note, sizes.current(), sizes.baseline(), sampleNote, Map.of());
  }

  /**
   * The verdict on a measured {@code value} (and, for ks, its p-value), with its message; {@code
   * extra} metrics are stored besides the metric's own.
   */
  CheckResult judged(
      double value,
      OptionalDouble pValue,
      String note,
      long current,
      long baselineValues,
      String sampleNote,
      Map<String, Double> extra) {
    String threshold = metric.passing(fail());
    double judged = pValue.orElse(value);
    Results.Verdict verdict =
        metric.crosses(judged, fail())
            ? Results.Verdict.FAIL
            : warn().isPresent() && metric.crosses(judged, warn().getAsDouble())
                ? Results.Verdict.WARN
                : Results.Verdict.PASS;
    String crossed =
        switch (verdict) {
          case FAIL -> "fails " + metric.passing(fail());
          case WARN -> "warns, not " + metric.passing(warn().getAsDouble());
          case PASS -> metric.passing(fail());
        };
    String message =
        metric.lowerName()
            + (pValue.isPresent()
                ? " D " + Format.number(value) + ", p-value " + Format.number(judged)
                : " " + Format.number(value))
            + " "
            + crossed
            + note
            + " ("
            + current
            + " staged values vs "
            + baselineValues
            + " in "
            + describeBaseline()
            + sampleNote
            + ")";
    Map<String, Double> metrics = new java.util.HashMap<>(extra);
    metrics.put(metricName(), value);
    if (pValue.isPresent()) {
      metrics.put("drift_ks_pvalue:" + column, pValue.getAsDouble());
    }
    return Results.of(this, verdict, value, threshold, message, metrics, Optional.empty());
  }

  /** The baseline's rows of the live relation, or "" when no trailing partition is published. */
  private String baselinePredicate(CheckContext context) {
    PartitionKey partition = context.partition();
    if (baseline() == Baseline.LIVE_SAME_PARTITION) {
      return context.windowPredicate(context.timeColumn(), partition);
    }
    List<PartitionKey> keys = new java.util.ArrayList<>(context.publishedBefore(trailing()));
    java.util.Collections.sort(keys);
    List<String> ranges = new java.util.ArrayList<>();
    // One range per run of consecutive partitions, so the engine can still prune by min/max.
    for (int first = 0; first < keys.size(); ) {
      int count = 1;
      while (first + count < keys.size()
          && keys.get(first + count).equals(keys.get(first).plus(count))) {
        count++;
      }
      ranges.add(context.windowPredicate(context.timeColumn(), keys.get(first), count));
      first += count;
    }
    return ranges.isEmpty() ? "" : "(" + String.join(" OR ", ranges) + ")";
  }

  String describeBaseline() {
    return baseline() == Baseline.LIVE_SAME_PARTITION
        ? "the live same partition"
        : "the " + trailing() + " trailing published partitions";
  }

  private boolean inferCategorical(CheckContext context) {
    String select = "select " + Sql.quote(column) + " from " + context.stagedRelation();
    return !context.dialect().isNumeric(context.describe(select).get(0).type());
  }
}
