package io.partita.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The drift statistics and their default thresholds. For {@code psi}, {@code wasserstein} and
 * {@code js} a larger value is worse ({@code value > fail} fails). For {@code ks} the thresholds
 * are p-values of the two-sample test and a smaller value is worse ({@code p < fail} fails).
 */
public enum DriftMetric {
  /** Population stability index over 10 baseline quantile bins or one bin per category. */
  PSI(OptionalDouble.of(0.1), 0.2, true),
  /** Wasserstein-1 distance divided by the baseline's population standard deviation. */
  WASSERSTEIN(OptionalDouble.empty(), 0.1, false),
  /** Jensen-Shannon distance (square root of the base-2 divergence) over the PSI bins. */
  JS(OptionalDouble.empty(), 0.1, true),
  /** Two-sample Kolmogorov-Smirnov: statistic D, judged by its asymptotic p-value. */
  KS(OptionalDouble.empty(), 0.05, false);

  private final OptionalDouble defaultWarn;
  private final double defaultFail;
  private final boolean categorical;

  DriftMetric(OptionalDouble defaultWarn, double defaultFail, boolean categorical) {
    this.defaultWarn = defaultWarn;
    this.defaultFail = defaultFail;
    this.categorical = categorical;
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<DriftMetric> parse(String text) {
    return Arrays.stream(values())
        .filter(metric -> metric.lowerName().equals(text.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  static List<String> names() {
    return Arrays.stream(values()).map(DriftMetric::lowerName).toList();
  }

  OptionalDouble defaultWarn() {
    return defaultWarn;
  }

  double defaultFail() {
    return defaultFail;
  }

  /** Whether the statistic is defined for categorical columns. */
  boolean supportsCategorical() {
    return categorical;
  }

  /** Whether {@code value} is worse than {@code threshold}. */
  boolean crosses(double value, double threshold) {
    return this == KS ? value < threshold : value > threshold;
  }

  /** The passing side of a threshold in words, e.g. {@code <= 0.2} or {@code p-value >= 0.05}. */
  String passing(double threshold) {
    return this == KS ? "p-value >= " + Format.number(threshold) : "<= " + Format.number(threshold);
  }
}
