package io.partita.check;

import io.partita.engine.QueryResult;
import io.partita.model.PartitionKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code drift} with metric psi or js on a numeric column against the trailing partitions, from
 * {@link DistributionSketch}es: each trailing partition's sketch is read from its stored metrics
 * (or, when it has none, measured again from its published rows), so the baseline costs no scan of
 * published data. The staged partition is read twice: once for its count and its values per
 * baseline bin (exact), once for the sample of its own sketch, returned as metrics so that later
 * partitions find it.
 *
 * <p>The baseline is the trailing partitions' points, each weighing {@code count / points}: the bin
 * edges are its deciles (interpolated as {@code quantile_cont} does, so a baseline small enough to
 * be kept whole gives the same edges as its rows would), and each bin holds the weight of the
 * points in it. Over larger partitions this replaces the baseline's rows by a 100-point summary of
 * each partition, whose error on a bin's share (under 1%) moves psi by about 0.001.
 */
final class SketchedDrift {
  private SketchedDrift() {}

  static CheckResult evaluate(DriftCheck check, CheckContext context) {
    String column = check.column();
    String threshold = check.metric().passing(check.fail());
    boolean live = context.liveRelation().isPresent();
    List<PartitionKey> keys = live ? context.publishedBefore(check.trailing()) : List.of();
    List<DistributionSketch> baseline = new ArrayList<>();
    Map<PartitionKey, Map<String, Double>> stored =
        keys.isEmpty()
            ? Map.of()
            : context.storedMetrics(keys, DistributionSketch.metricNames(column));
    for (PartitionKey key : keys) {
      baseline.add(
          DistributionSketch.fromMetrics(stored.getOrDefault(key, Map.of()), column)
              .orElseGet(() -> measurePublished(context, column, key)));
    }
    Mixture mixture = new Mixture(baseline);
    double[] edges = mixture.count() > 0 ? mixture.deciles() : new double[0];
    String quoted = Sql.quote(column);
    // The staged values per baseline bin (a CASE over the edges, grouped: cheaper than a filtered
    // count per edge), or only their count without a baseline.
    String values =
        "(select "
            + context.dialect().toDouble(quoted)
            + " as v from "
            + context.stagedRelation()
            + " where "
            + quoted
            + " is not null) as cur";
    long[] perBin = new long[edges.length + 1];
    if (edges.length == 0) {
      perBin[0] = Sql.count(Sql.row(context, "select count(*) from " + values).get(0));
    } else {
      QueryResult bins =
          context.query(
              "select "
                  + Distributions.binOf(edges)
                  + " as bin, count(*) from "
                  + values
                  + " group by 1");
      for (List<Object> bin : bins.rows()) {
        perBin[((Number) bin.get(0)).intValue()] = Sql.count(bin.get(1));
      }
    }
    long current = java.util.Arrays.stream(perBin).sum();
    Map<String, Double> sketch =
        DistributionSketch.measure(context, context.stagedRelation(), column, "", current)
            .metrics(column);
    if (!live) {
      return Results.skipped(
          check, threshold, "no baseline: the asset has no published data yet", sketch);
    }
    if (keys.isEmpty()) {
      return Results.skipped(
          check,
          threshold,
          "no published partition among the " + check.trailing() + " before this one",
          sketch);
    }
    if (mixture.count() == 0) {
      return Results.skipped(
          check, threshold, "baseline " + check.describeBaseline() + " is empty", sketch);
    }
    if (current == 0) {
      return Results.skipped(
          check, threshold, "no non-null values of " + column + " staged", sketch);
    }
    if (current < check.minRows() || mixture.count() < check.minRows()) {
      return Results.skipped(
          check,
          threshold,
          current
              + " staged values vs "
              + mixture.count()
              + " in "
              + check.describeBaseline()
              + ": fewer than min_rows "
              + check.minRows()
              + " on a side, too few to measure drift",
          sketch);
    }
    double[] staged = new double[perBin.length];
    for (int i = 0; i < perBin.length; i++) {
      staged[i] = perBin[i] / (double) current;
    }
    double[] base = mixture.shares(edges);
    double value =
        check.metric() == DriftMetric.PSI ? psi(staged, base) : jensenShannon(staged, base);
    return check.judged(value, OptionalDouble.empty(), "", current, mixture.count(), "", sketch);
  }

  /** The sketch of a published partition without a stored one, from its rows. */
  private static DistributionSketch measurePublished(
      CheckContext context, String column, PartitionKey key) {
    String relation = context.liveRelation().orElseThrow();
    String predicate = context.windowPredicate(context.timeColumn(), key);
    long count =
        Sql.count(
            Sql.row(
                    context,
                    "select count("
                        + Sql.quote(column)
                        + ") from "
                        + relation
                        + " t where "
                        + predicate)
                .get(0));
    return DistributionSketch.measure(context, relation, column, predicate, count);
  }

  /** PSI = Σ (c - b) ln(c / b), shares of 0 replaced by {@link Distributions#EPSILON}. */
  static double psi(double[] current, double[] baseline) {
    double sum = 0;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == 0 && baseline[i] == 0) {
        continue;
      }
      double c = current[i] == 0 ? Distributions.EPSILON : current[i];
      double b = baseline[i] == 0 ? Distributions.EPSILON : baseline[i];
      sum += (c - b) * Math.log(c / b);
    }
    return sum;
  }

  /** The Jensen-Shannon distance: √(½ Σ c log2(c/m) + ½ Σ b log2(b/m)), m = (c + b) / 2. */
  static double jensenShannon(double[] current, double[] baseline) {
    double divergence = 0;
    for (int i = 0; i < current.length; i++) {
      double m = (current[i] + baseline[i]) / 2;
      if (current[i] > 0) {
        divergence += 0.5 * current[i] * Math.log(current[i] / m) / Math.log(2);
      }
      if (baseline[i] > 0) {
        divergence += 0.5 * baseline[i] * Math.log(baseline[i] / m) / Math.log(2);
      }
    }
    return Math.sqrt(Math.max(0, divergence));
  }

  /** The trailing partitions' points together, each with its partition's weight. */
  static final class Mixture {
    private final double[] values;
    private final double[] weights;
    private final double[] cumulative;
    private final long count;

    Mixture(List<DistributionSketch> sketches) {
      List<double[]> weighted = new ArrayList<>();
      long total = 0;
      for (DistributionSketch sketch : sketches) {
        total += sketch.count();
        for (double point : sketch.points()) {
          weighted.add(new double[] {point, sketch.weight()});
        }
      }
      weighted.sort(Comparator.comparingDouble(pair -> pair[0]));
      values = new double[weighted.size()];
      weights = new double[weighted.size()];
      cumulative = new double[weighted.size()];
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        values[i] = weighted.get(i)[0];
        weights[i] = weighted.get(i)[1];
        sum += weights[i];
        cumulative[i] = sum;
      }
      count = total;
    }

    /** The number of values the points stand for. */
    long count() {
      return count;
    }

    /** The nine inner edges of ten bins: the deciles. */
    double[] deciles() {
      double[] edges = new double[Distributions.BINS - 1];
      for (int i = 1; i < Distributions.BINS; i++) {
        edges[i - 1] = quantile(i / (double) Distributions.BINS);
      }
      return edges;
    }

    /**
     * The interpolated quantile at {@code fraction}, as {@code quantile_cont} over the values the
     * points stand for: position {@code fraction × (count − 1)}, between the values at its floor
     * and its ceiling.
     */
    double quantile(double fraction) {
      double position = fraction * (cumulative[cumulative.length - 1] - 1);
      double lower = valueAt(Math.floor(position));
      double upper = valueAt(Math.ceil(position));
      return lower + (position - Math.floor(position)) * (upper - lower);
    }

    /** The value at 0-based position {@code position} of the weighted values in order. */
    private double valueAt(double position) {
      for (int i = 0; i < cumulative.length; i++) {
        if (position < cumulative[i]) {
          return values[i];
        }
      }
      return values[values.length - 1];
    }

    /** The share of the weight in each bin {@code (-inf, e1], (e1, e2], ..., (e_last, inf)}. */
    double[] shares(double[] edges) {
      double total = cumulative[cumulative.length - 1];
      double[] shares = new double[edges.length + 1];
      int bin = 0;
      for (int i = 0; i < values.length; i++) {
        while (bin < edges.length && values[i] > edges[bin]) {
          bin++;
        }
        shares[bin] += weights[i] / total;
      }
      return shares;
    }
  }
}
