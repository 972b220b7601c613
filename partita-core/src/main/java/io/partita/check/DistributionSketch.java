package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.engine.QueryResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The distribution of one numeric column in one partition, small enough to keep with the
 * partition's metrics: its number of non-null values and at most {@link #POINTS} of them, each
 * standing for {@code count / points} values. A partition of at most {@link #SAMPLE} values keeps
 * them all (at most {@link #POINTS}) or {@link #POINTS} evenly spaced order statistics of them; a
 * larger one takes those of a deterministic sample of about {@link #SAMPLE} rows (a hash of the
 * whole row, as {@link io.partita.engine.SqlDialect#everyNthRow}). The same rows always give the
 * same sketch, so a sketch stored when the partition was checked equals one measured again from its
 * published rows.
 */
record DistributionSketch(long count, List<Double> points) {
  /** The most values a sketch keeps. */
  static final int POINTS = 100;

  /** About this many values are read to make a sketch, whatever the partition's size. */
  static final long SAMPLE = 4_000;

  private static final String PREFIX = "drift_sketch:";

  DistributionSketch {
    points = List.copyOf(points);
    if (count < 0 || (count == 0) != points.isEmpty()) {
      throw new IllegalArgumentException(
          "sketch of " + count + " values with " + points.size() + " points");
    }
  }

  /** How many values each point stands for. */
  double weight() {
    return points.isEmpty() ? 0 : (double) count / points.size();
  }

  /** The metric name of the sketch's value count for {@code column}. */
  static String countMetric(String column) {
    return PREFIX + column + ":n";
  }

  /** The names of every metric a sketch of {@code column} may store. */
  static List<String> metricNames(String column) {
    List<String> names = new ArrayList<>(POINTS + 1);
    names.add(countMetric(column));
    for (int i = 0; i < POINTS; i++) {
      names.add(pointMetric(column, i));
    }
    return names;
  }

  private static String pointMetric(String column, int index) {
    return PREFIX + column + ":" + String.format(Locale.ROOT, "%03d", index);
  }

  /** The sketch as partition metrics, to be stored with the partition once it is published. */
  Map<String, Double> metrics(String column) {
    Map<String, Double> metrics = new TreeMap<>();
    metrics.put(countMetric(column), (double) count);
    for (int i = 0; i < points.size(); i++) {
      metrics.put(pointMetric(column, i), points.get(i));
    }
    return metrics;
  }

  /** The sketch of {@code column} among a partition's stored metrics, if it was stored. */
  static Optional<DistributionSketch> fromMetrics(Map<String, Double> metrics, String column) {
    Double count = metrics.get(countMetric(column));
    if (count == null) {
      return Optional.empty();
    }
    List<Double> points = new ArrayList<>();
    for (int i = 0; i < POINTS; i++) {
      Double point = metrics.get(pointMetric(column, i));
      if (point == null) {
        break;
      }
      points.add(point);
    }
    if ((count.longValue() == 0) != points.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DistributionSketch(count.longValue(), points));
  }

  /**
   * Measures the sketch of {@code column} over the rows of {@code relation} (a table or view name,
   * aliased {@code t} here) where {@code predicate} ("" for all), given their number of non-null
   * values {@code count}.
   */
  static DistributionSketch measure(
      CheckContext context, String relation, String column, String predicate, long count) {
    requireNonNull(predicate, "predicate is null");
    if (count == 0) {
      return new DistributionSketch(0, List.of());
    }
    long every = (count + SAMPLE - 1) / SAMPLE;
    String quoted = Sql.quote(column);
    String where =
        " t where " + quoted + " is not null" + (predicate.isEmpty() ? "" : " and " + predicate);
    QueryResult result =
        context.query(
            "select "
                + context.dialect().toDouble(quoted)
                + " as v from "
                + relation
                + where
                + (every > 1 ? " and " + context.dialect().everyNthRow("t", every) : ""));
    if (result.truncated()) {
      throw new IllegalStateException(
          "the sample of " + column + " exceeds the query row cap (" + count + " values)");
    }
    List<Double> sample = new ArrayList<>(result.rows().size());
    for (List<Object> row : result.rows()) {
      sample.add(Sql.number(row.get(0)));
    }
    if (sample.isEmpty()) {
      // The hash sample missed every row, as it can when all rows are the same: exact quantiles.
      List<Double> fractions = new ArrayList<>(POINTS);
      for (int i = 0; i < POINTS; i++) {
        fractions.add((i + 0.5) / POINTS);
      }
      Object text =
          Sql.row(
                  context,
                  "select "
                      + context.dialect().quantilesAsText("v", fractions)
                      + " from (select "
                      + context.dialect().toDouble(quoted)
                      + " as v from "
                      + relation
                      + where
                      + ") as s")
              .get(0);
      return new DistributionSketch(count, parseList(String.valueOf(text)));
    }
    Collections.sort(sample);
    if (sample.size() <= POINTS) {
      return new DistributionSketch(count, sample);
    }
    List<Double> points = new ArrayList<>(POINTS);
    for (int i = 0; i < POINTS; i++) {
      points.add(sample.get((int) ((i + 0.5) * sample.size() / POINTS)));
    }
    return new DistributionSketch(count, points);
  }

  /** The numbers of a list as text, {@code [1.0, 2.5]}. */
  private static List<Double> parseList(String text) {
    List<Double> values = new ArrayList<>();
    String inner = text.strip();
    for (String value : inner.substring(1, inner.length() - 1).split(",")) {
      if (!value.isBlank()) {
        values.add(Double.parseDouble(value.strip()));
      }
    }
    return values;
  }
}
