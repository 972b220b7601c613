package io.partita.check;

/** A closed interval {@code [lo, hi]} with {@code lo <= hi}, e.g. a ratio band. */
public record Interval(double lo, double hi) {
  public Interval {
    if (lo > hi) {
      throw new IllegalArgumentException("reversed interval [" + lo + ", " + hi + "]");
    }
  }

  boolean contains(double value) {
    return value >= lo && value <= hi;
  }

  @Override
  public String toString() {
    return "[" + Format.number(lo) + ", " + Format.number(hi) + "]";
  }
}
