package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.engine.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code null_spike: {columns: [amount_7d], max_increase_pp: 5, trailing: 7}}: the null rate of
 * each column may exceed the mean of its trailing stored rates by at most {@code max_increase_pp}
 * percentage points. Stores {@code null_rate:<column>}. A column without enough history is skipped;
 * the check is SKIPPED when every column is.
 */
public record NullSpikeCheck(
    String name, Severity severity, List<String> columns, double maxIncreasePp, int trailing)
    implements ScannedCheck {
  public NullSpikeCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    columns = List.copyOf(columns);
  }

  static NullSpikeCheck from(CheckOptions options) {
    List<String> columns = options.strings("columns");
    double maxIncrease =
        options
            .nonNegative("max_increase_pp")
            .orElseThrow(
                () ->
                    options.invalid(
                        null, "null_spike needs 'max_increase_pp', e.g. max_increase_pp: 5"));
    if (maxIncrease > 100) {
      throw options.invalid(
          "max_increase_pp",
          "'max_increase_pp' is in percentage points and must be at most 100, got "
              + Format.number(maxIncrease));
    }
    return new NullSpikeCheck(
        options.name("null_spike(" + String.join(",", columns) + ")"),
        options.severity(),
        columns,
        maxIncrease,
        options.integer("trailing", 1, Trailing.DEFAULT_PARTITIONS));
  }

  @Override
  public Measure measure(SqlDialect dialect) {
    return NotNullCheck.nullCounts(columns);
  }

  @Override
  public CheckResult judge(CheckContext context, List<Object> values) {
    NotNullCheck.NullCounts counts = NotNullCheck.nullCounts(columns, values);
    String threshold = "<= trailing mean + " + Format.number(maxIncreasePp) + " pp";
    List<String> failures = new ArrayList<>();
    List<String> passes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    double worst = Double.NaN;
    for (String column : columns) {
      List<Double> history = context.trailing(NotNullCheck.metric(column), trailing);
      if (!Trailing.enough(history, trailing)) {
        skipped.add(column + " " + Trailing.missing(history, trailing));
        continue;
      }
      double mean = Trailing.mean(history);
      double rate = counts.rate(column);
      double increasePp = (rate - mean) * 100;
      if (Double.isNaN(worst) || increasePp > worst) {
        worst = increasePp;
      }
      String text =
          (columns.size() == 1 ? "" : column + ": ")
              + "null rate "
              + Format.number(rate)
              + " vs trailing mean "
              + Format.number(mean)
              + " = "
              + (increasePp >= 0 ? "+" : "")
              + Format.number(increasePp)
              + " pp";
      // Tolerates float noise: a rise of exactly max_increase_pp passes.
      if (increasePp > maxIncreasePp + 1e-9) {
        failures.add(text + " > " + Format.number(maxIncreasePp) + " pp");
      } else {
        passes.add(text + " <= " + Format.number(maxIncreasePp) + " pp");
      }
    }
    if (failures.isEmpty() && passes.isEmpty()) {
      return Results.skipped(this, threshold, String.join("; ", skipped), counts.metrics());
    }
    List<String> parts = new ArrayList<>(failures.isEmpty() ? passes : failures);
    if (!skipped.isEmpty()) {
      parts.add("skipped " + String.join(", ", skipped));
    }
    return Results.of(
        this,
        Results.failIf(!failures.isEmpty()),
        worst,
        threshold,
        String.join("; ", parts),
        counts.metrics(),
        Optional.empty());
  }
}
