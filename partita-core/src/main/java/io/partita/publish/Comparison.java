package io.partita.publish;

import io.partita.model.ColumnChanges;
import java.util.List;
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
    Optional<Boolean> canarySqlPassed,
    List<String> problems,
    ColumnChanges columns) {
  public Comparison {
    java.util.Objects.requireNonNull(columns, "columns is null");
    partitions = List.copyOf(partitions);
    missingInCandidate = List.copyOf(missingInCandidate);
    problems = List.copyOf(problems);
  }

  public boolean passed() {
    return problems.isEmpty();
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
}
