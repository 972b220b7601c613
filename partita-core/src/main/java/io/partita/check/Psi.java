package io.partita.check;

import io.partita.engine.SqlDialect;

/**
 * The population stability index between two samples of a numeric column, for comparisons outside a
 * check (e.g. the canary comparison of {@code promote}): 10 bins at the baseline's deciles, 1e-4
 * smoothing, computed in SQL through {@code context}.
 */
public final class Psi {
  private Psi() {}

  /**
   * A SELECT of the non-null values of {@code column} in {@code relation} where {@code predicate}.
   */
  public static String sample(
      SqlDialect dialect, String relation, String column, String predicate) {
    return Distributions.sample(dialect, relation, column, predicate, false);
  }

  /** NaN when either sample is empty. */
  public static double between(CheckContext context, String current, String baseline) {
    Distributions.Sizes sizes = Distributions.sizes(context, current, baseline, false);
    if (sizes.current() == 0 || sizes.baseline() == 0) {
      return Double.NaN;
    }
    String bin = Distributions.binOf(Distributions.edges(context, baseline));
    return Distributions.binned(context, current, baseline, bin).psi();
  }
}
