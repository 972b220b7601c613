package io.partita.check;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code reconcile: {with: staging_events, expr: "count(distinct entity_id)", tolerance: 0}}: the
 * aggregate {@code expr} over the staged partition is within {@code tolerance} (absolute) or {@code
 * tolerance_pct} (percent of the upstream value) of the same aggregate over the partitions of
 * {@code with} that this partition reads (its dependency window, e.g. D-2..D; the same partition
 * when {@code with} is not a dependency). Default: exact equality. SKIPPED when {@code with} has no
 * data for the partition. Stores {@code reconcile:<with>} (this minus upstream).
 */
public record ReconcileCheck(
    String name,
    Severity severity,
    String with,
    String expression,
    double tolerance,
    OptionalDouble tolerancePct)
    implements Check {
  public ReconcileCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(with, "with is null");
    requireNonNull(expression, "expression is null");
  }

  static ReconcileCheck from(CheckOptions options) {
    String with = options.string("with");
    String expression = options.string("expr");
    if (options.has("tolerance") && options.has("tolerance_pct")) {
      throw options.invalid("tolerance_pct", "give tolerance or tolerance_pct, not both");
    }
    return new ReconcileCheck(
        options.name("reconcile(" + with + ")"),
        options.severity(),
        with,
        expression,
        options.nonNegative("tolerance").orElse(0),
        options.nonNegative("tolerance_pct"));
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    String threshold =
        tolerancePct.isPresent()
            ? "within " + Format.number(tolerancePct.getAsDouble()) + "% of " + with
            : "within " + Format.number(tolerance) + " of " + with;
    // The upstream rows this partition reads: D-2..D for a window [-2, 0] dependency, not just D.
    Optional<String> upstream = context.upstreamRelation(with);
    if (upstream.isEmpty()) {
      return Results.skipped(
          this,
          threshold,
          with + " has no data for the partitions " + context.partition() + " reads",
          Map.of());
    }
    List<Object> row =
        Sql.row(
            context,
            "select (select "
                + expression
                + " from "
                + context.stagedRelation()
                + "), (select "
                + expression
                + " from "
                + upstream.get()
                + ")");
    if (!(row.get(0) instanceof Number) || !(row.get(1) instanceof Number)) {
      return Results.of(
          this,
          Results.Verdict.FAIL,
          Double.NaN,
          threshold,
          "expr " + expression + " must return a number, got " + row.get(0) + " and " + row.get(1),
          Map.of(),
          Optional.empty());
    }
    double mine = Sql.number(row.get(0));
    double theirs = Sql.number(row.get(1));
    double difference = mine - theirs;
    boolean passed;
    String measured;
    if (tolerancePct.isPresent()) {
      double pct =
          theirs == 0
              ? (difference == 0 ? 0 : Double.POSITIVE_INFINITY)
              : Math.abs(difference) / Math.abs(theirs) * 100;
      passed = pct <= tolerancePct.getAsDouble() + 1e-9;
      measured = "differ by " + Format.number(pct) + "%";
    } else {
      passed = Math.abs(difference) <= tolerance + 1e-9;
      measured = "differ by " + Format.number(Math.abs(difference));
    }
    String message =
        expression
            + " is "
            + Format.number(mine)
            + " here and "
            + Format.number(theirs)
            + " in "
            + with
            + ": "
            + measured
            + (passed ? ", " : ", not ")
            + threshold.replace(" of " + with, "");
    return Results.of(
        this,
        Results.failIf(!passed),
        difference,
        threshold,
        message,
        Map.of("reconcile:" + with, difference),
        Optional.empty());
  }
}
