package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.engine.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code row_count: {min: 1, max: 1000000, ratio_vs_trailing: [0.5, 2.0], trailing: 7}}: the staged
 * row count within bounds, and within {@code [lo, hi]} times the median row count of the trailing
 * published partitions. Stores {@code row_count}. The ratio part is skipped (with a note) until
 * there is enough history; the check is SKIPPED only when the ratio is all it checks. Without an
 * explicit {@code min}, an empty partition (0 rows) is WARNED, whatever the severity: an empty
 * result is more often a missing input than a quiet day, but only {@code min: 1} makes it fatal
 * ({@code min: 0} accepts it silently).
 */
public record RowCountCheck(
    String name,
    Severity severity,
    OptionalDouble min,
    OptionalDouble max,
    Optional<Interval> ratio,
    int trailing)
    implements ScannedCheck {
  public static final String METRIC = "row_count";

  public RowCountCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
  }

  static RowCountCheck from(CheckOptions options) {
    OptionalDouble min = options.nonNegative("min");
    OptionalDouble max = options.nonNegative("max");
    if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
      throw options.invalid(
          "max",
          "'max' "
              + Format.number(max.getAsDouble())
              + " is below 'min' "
              + Format.number(min.getAsDouble())
              + ": make max at least min");
    }
    Optional<Interval> ratio = options.range("ratio_vs_trailing");
    if (min.isEmpty() && max.isEmpty() && ratio.isEmpty()) {
      throw options.invalid(
          null,
          "row_count needs min, max or ratio_vs_trailing, e.g. {min: 1, ratio_vs_trailing: [0.5,"
              + " 2.0]}");
    }
    int trailing = options.integer("trailing", 1, Trailing.DEFAULT_PARTITIONS);
    return new RowCountCheck(
        options.name("row_count"), options.severity(), min, max, ratio, trailing);
  }

  @Override
  public Measure measure(SqlDialect dialect) {
    return Measure.of("count(*)");
  }

  @Override
  public CheckResult judge(CheckContext context, List<Object> values) {
    long rows = Sql.count(values.get(0));
    Map<String, Double> metrics = Map.of(METRIC, (double) rows);
    List<String> problems = new ArrayList<>();
    List<String> thresholds = new ArrayList<>();
    if (min.isPresent()) {
      thresholds.add(">= " + Format.count((long) min.getAsDouble()));
      if (rows < min.getAsDouble()) {
        problems.add("below min " + Format.count((long) Math.ceil(min.getAsDouble())));
      }
    }
    if (max.isPresent()) {
      thresholds.add("<= " + Format.count((long) max.getAsDouble()));
      if (rows > max.getAsDouble()) {
        problems.add("above max " + Format.count((long) Math.floor(max.getAsDouble())));
      }
    }
    boolean emptyWarning = rows == 0 && min.isEmpty();
    String note = "";
    if (ratio.isPresent()) {
      Interval band = ratio.get();
      List<Double> history = context.trailing(METRIC, trailing);
      if (!Trailing.enough(history, trailing)) {
        note = "ratio_vs_trailing skipped: " + Trailing.missing(history, trailing);
        if (thresholds.isEmpty() && !emptyWarning) {
          return Results.skipped(this, band + " x trailing median", note, metrics);
        }
      } else {
        double median = Trailing.median(history);
        double ratioValue =
            median == 0 ? (rows == 0 ? 1 : Double.POSITIVE_INFINITY) : rows / median;
        thresholds.add(band + " x trailing median " + Format.number(median));
        String ratioText =
            "ratio " + Format.number(ratioValue) + " to trailing median " + Format.number(median);
        if (!band.contains(ratioValue)) {
          problems.add(ratioText + " outside " + band);
        } else {
          note = ratioText;
        }
      }
    }
    String message =
        rows
            + " rows"
            + (problems.isEmpty() ? "" : " " + String.join("; ", problems))
            + (note.isEmpty() ? "" : " (" + note + ")")
            + (emptyWarning && problems.isEmpty()
                ? ": empty partition (min: 1 fails on it, min: 0 accepts it)"
                : "");
    Results.Verdict verdict =
        !problems.isEmpty()
            ? Results.Verdict.FAIL
            : emptyWarning ? Results.Verdict.WARN : Results.Verdict.PASS;
    return Results.of(
        this, verdict, rows, String.join(", ", thresholds), message, metrics, Optional.empty());
  }
}
