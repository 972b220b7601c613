package io.partita.publish;

import io.partita.model.ColumnChanges;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The canary comparison of a candidate version with the live one, and why it refuses, if it does.
 *
 * @param columns how the candidate's columns differ from the live version's: the canary compares
 *     only the columns both have (PSI only those numeric on both sides)
 */
public record Comparison(
    String asset,
    String liveVersion,
    String candidateVersion,
    List<PartitionComparison> partitions,
    List<String> missingInCandidate,
    ColumnChanges columns,
    Verdict verdict) {
  public Comparison {
    java.util.Objects.requireNonNull(columns, "columns is null");
    java.util.Objects.requireNonNull(verdict, "verdict is null");
    partitions = List.copyOf(partitions);
    missingInCandidate = List.copyOf(missingInCandidate);
  }

  /**
   * The canary SQL's answer, if one was given, and every reason to refuse the candidate (none: it
   * passed).
   */
  public record Verdict(Optional<Boolean> canarySqlPassed, List<String> problems) {
    public Verdict {
      java.util.Objects.requireNonNull(canarySqlPassed, "canarySqlPassed is null");
      problems = List.copyOf(problems);
    }
  }

  public boolean passed() {
    return verdict.problems().isEmpty();
  }

  public Optional<Boolean> canarySqlPassed() {
    return verdict.canarySqlPassed();
  }

  public List<String> problems() {
    return verdict.problems();
  }

  /**
   * One canary partition: row counts, key overlap (when the asset has a unique key), PSI per
   * numeric column.
   */
  public record PartitionComparison(
      String partition,
      long liveRows,
      long candidateRows,
      Optional<Double> keyOverlap,
      List<ColumnDrift> drift) {
    public double rowDelta() {
      return liveRows == 0
          ? (candidateRows == 0 ? 0 : 1)
          : (candidateRows - liveRows) / (double) liveRows;
    }
  }

  public record ColumnDrift(String column, double psi) {}

  /**
   * The canary comparison in one line, kept in the history: "2025-01-10 rows 20->20 keys 100% psi
   * amount=0.0123; …".
   */
  public String summary() {
    StringBuilder text = new StringBuilder("canaries:");
    for (PartitionComparison row : partitions) {
      text.append(' ')
          .append(row.partition())
          .append(" rows ")
          .append(row.liveRows())
          .append("->")
          .append(row.candidateRows());
      row.keyOverlap()
          .ifPresent(o -> text.append(String.format(Locale.ROOT, " keys %.1f%%", 100 * o)));
      for (ColumnDrift drift : row.drift()) {
        text.append(String.format(Locale.ROOT, " psi %s=%.4f", drift.column(), drift.psi()));
      }
      text.append(';');
    }
    if (!columns.isEmpty()) {
      text.append(" columns added ")
          .append(columns.added())
          .append(" removed ")
          .append(columns.removed())
          .append(" retyped ")
          .append(columns.retyped())
          .append(';');
    }
    return text.toString();
  }
}
