package io.partita.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Baselines from the stored metrics of earlier partitions. A baseline needs {@code min(n, 3)}
 * values: fewer than three points make a median or mean too noisy to gate on, while a small {@code
 * trailing: n} below 3 is honoured as asked.
 */
final class Trailing {
  static final int DEFAULT_PARTITIONS = 7;
  static final int MIN_HISTORY = 3;

  private Trailing() {}

  static int required(int partitions) {
    return Math.min(partitions, MIN_HISTORY);
  }

  static boolean enough(List<Double> values, int partitions) {
    return values.size() >= required(partitions);
  }

  static String missing(List<Double> values, int partitions) {
    return "needs " + required(partitions) + " trailing partitions, has " + values.size();
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(value -> value).average().orElse(Double.NaN);
  }
}
