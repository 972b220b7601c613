package io.partita.check;

import io.partita.engine.SqlDialect;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL for comparing the distribution of one column in two samples, {@code cur} (the staged
 * partition) and {@code base} (the baseline). Each sample is a SELECT yielding one non-NULL column
 * {@code v}. Only aggregates leave the engine: sizes, nine quantile edges, and the statistics.
 */
final class Distributions {
  /** Proportions of 0 are replaced by this before PSI takes logarithms. */
  static final double EPSILON = 1e-4;

  static final int BINS = 10;

  private Distributions() {}

  record Sizes(long current, long baseline, double baselineStd) {}

  record Binned(double psi, double js) {}

  record Cdf(double wasserstein, double ks) {}

  /**
   * {@code select v from relation where column is not null [and predicate]}, {@code v} the column
   * as text ({@code categorical}) or as a double, cast in the engine's own SQL.
   */
  static String sample(
      SqlDialect dialect, String relation, String column, String predicate, boolean categorical) {
    return sample(dialect, relation, column, predicate, categorical, 1);
  }

  /**
   * Like {@link #sample(SqlDialect, String, String, String, boolean)}, keeping only rows whose hash
   * is 0 modulo {@code every}: a deterministic sample of about 1 / every of the rows, independent
   * of the column's value (the hash covers the whole row).
   */
  static String sample(
      SqlDialect dialect,
      String relation,
      String column,
      String predicate,
      boolean categorical,
      long every) {
    if (every > 1) {
      String sampled = dialect.everyNthRow("t", every);
      predicate = predicate.isEmpty() ? sampled : "(" + predicate + ") and " + sampled;
      relation = relation + " t";
    }
    String quoted = Sql.quote(column);
    String value = categorical ? dialect.castToText(quoted) : dialect.toDouble(quoted);
    return "select "
        + value
        + " as v from "
        + relation
        + " where "
        + quoted
        + " is not null"
        + (predicate.isEmpty() ? "" : " and " + predicate);
  }

  private static String with(String current, String baseline) {
    return "with cur as (" + current + "), base as (" + baseline + ") ";
  }

  static Sizes sizes(CheckContext context, String current, String baseline, boolean categorical) {
    String std = categorical ? "null" : "(select stddev_pop(v) from base)";
    List<Object> row =
        Sql.row(
            context,
            with(current, baseline)
                + "select (select count(*) from cur), (select count(*) from base), "
                + std);
    return new Sizes(Sql.count(row.get(0)), Sql.count(row.get(1)), Sql.number(row.get(2)));
  }

  /** The deciles of the baseline: the nine inner edges of the PSI bins. */
  static double[] edges(CheckContext context, String baseline) {
    String quantiles =
        IntStream.range(1, BINS)
            .mapToObj(i -> context.dialect().quantile("v", i / (double) BINS))
            .collect(Collectors.joining(", "));
    List<Object> row = Sql.row(context, "select " + quantiles + " from (" + baseline + ") as b");
    return row.stream().mapToDouble(Sql::number).toArray();
  }

  /**
   * Bin number of {@code v}: bins are {@code (-inf, e1], (e1, e2], ..., (e9, inf)}. Tied edges
   * leave some bins empty on both sides, which adds nothing to PSI or JS.
   */
  static String binOf(double[] edges) {
    StringBuilder sql = new StringBuilder("case");
    for (int i = 0; i < edges.length; i++) {
      sql.append(" when v <= ").append(Sql.literal(edges[i])).append(" then ").append(i);
    }
    return sql.append(" else ").append(edges.length).append(" end").toString();
  }

  /**
   * PSI and the Jensen-Shannon distance over bins given by {@code bin} (an expression of {@code
   * v}). PSI = Σ (c - b) ln(c / b) with 0 proportions replaced by {@link #EPSILON}; JS needs no
   * smoothing (0 log 0 = 0), JSD = ½ Σ c log2(c/m) + ½ Σ b log2(b/m) with m = (c + b) / 2.
   */
  static Binned binned(CheckContext context, String current, String baseline, String bin) {
    SqlDialect dialect = context.dialect();
    String sql =
        with(current, baseline)
            + ", cb as (select "
            + bin
            + " as bin, count(*) as n from cur group by 1)"
            + ", bb as (select "
            + bin
            + " as bin, count(*) as n from base group by 1)"
            + ", p as (select coalesce(cb.n, 0) / "
            + dialect.toDouble("(select count(*) from cur)")
            + " as c, coalesce(bb.n, 0) / "
            + dialect.toDouble("(select count(*) from base)")
            + " as b"
            + " from cb full outer join bb on cb.bin = bb.bin)"
            + ", s as (select c, b, (c + b) / 2 as m,"
            + " case when c = 0 then "
            + EPSILON
            + " else c end as cs, case when b = 0 then "
            + EPSILON
            + " else b end as bs from p)"
            + " select sum((cs - bs) * ln(cs / bs)),"
            + " 0.5 * sum(case when c > 0 then c * ln(c / m) / ln(2) else 0 end)"
            + " + 0.5 * sum(case when b > 0 then b * ln(b / m) / ln(2) else 0 end) from s";
    List<Object> row = Sql.row(context, sql);
    double divergence = Math.max(0, Sql.number(row.get(1)));
    return new Binned(Sql.number(row.get(0)), Math.sqrt(divergence));
  }

  /**
   * Exact Wasserstein-1 distance and KS statistic from the two empirical CDFs over the sorted union
   * of values: W1 = Σ |Fc(x_i) - Fb(x_i)| (x_{i+1} - x_i), D = max |Fc(x_i) - Fb(x_i)|.
   */
  static Cdf cdf(CheckContext context, String current, String baseline) {
    SqlDialect dialect = context.dialect();
    String sql =
        with(current, baseline)
            + ", pts as (select v, count(*) as c, 0 as b from cur group by v"
            + " union all select v, 0 as c, count(*) as b from base group by v)"
            + ", agg as (select v, sum(c) as c, sum(b) as b from pts group by v)"
            + ", f as (select v, lead(v) over w as next,"
            + " sum(c) over w / "
            + dialect.toDouble("(select count(*) from cur)")
            + " as fc, sum(b) over w / "
            + dialect.toDouble("(select count(*) from base)")
            + " as fb"
            + " from agg window w as (order by v))"
            + " select coalesce(sum(abs(fc - fb) * (next - v)), 0), coalesce(max(abs(fc - fb)), 0)"
            + " from f";
    List<Object> row = Sql.row(context, sql);
    return new Cdf(Sql.number(row.get(0)), Sql.number(row.get(1)));
  }

  /**
   * Asymptotic p-value of the two-sample KS statistic {@code d} (Numerical Recipes' {@code probks}
   * with the Stephens small-sample correction): Q(λ) = 2 Σ (-1)^(j-1) exp(-2 j² λ²), λ = (√n_e +
   * 0.12 + 0.11/√n_e) d, n_e = n m / (n + m).
   */
  static double ksPValue(double d, long n, long m) {
    double en = Math.sqrt((double) n * m / (n + m));
    double lambda = (en + 0.12 + 0.11 / en) * d;
    double sum = 0;
    double sign = 1;
    double previous = 0;
    for (int j = 1; j <= 100; j++) {
      double term = sign * 2 * Math.exp(-2 * j * j * lambda * lambda);
      sum += term;
      if (Math.abs(term) <= 1e-3 * previous || Math.abs(term) <= 1e-8 * sum) {
        return Math.min(1, Math.max(0, sum));
      }
      sign = -sign;
      previous = Math.abs(term);
    }
    // The series does not converge for tiny λ: the samples are indistinguishable.
    return 1.0;
  }
}
