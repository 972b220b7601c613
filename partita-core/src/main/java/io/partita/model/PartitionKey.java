package io.partita.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;

/**
 * One partition: the half-open window {@code [start, end)} of a grain, in the pipeline's timezone.
 * Ordered by start time.
 */
public record PartitionKey(Grain grain, LocalDateTime start) implements Comparable<PartitionKey> {
  public PartitionKey {
    requireNonNull(grain, "grain is null");
    requireNonNull(start, "start is null");
    if (!grain.isAligned(start)) {
      throw new IllegalArgumentException(start + " is not aligned to " + grain.lowerName());
    }
  }

  /** The key of the partition of {@code grain} that contains {@code time}. */
  public static PartitionKey containing(Grain grain, LocalDateTime time) {
    return new PartitionKey(grain, grain.truncate(time));
  }

  public LocalDateTime end() {
    return grain.plus(start, 1);
  }

  public PartitionKey plus(long partitions) {
    return new PartitionKey(grain, grain.plus(start, partitions));
  }

  /**
   * SQL predicate selecting this partition's half-open window on {@code column}: {@code "col" >=
   * DATE '2025-03-01' AND "col" < DATE '2025-03-02'}. The column is quoted here.
   */
  public String sqlPredicate(String column) {
    String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
    return quoted
        + " >= "
        + grain.sqlLiteral(start)
        + " AND "
        + quoted
        + " < "
        + grain.sqlLiteral(end());
  }

  public String key() {
    return grain.format(start);
  }

  @Override
  public int compareTo(PartitionKey other) {
    return start.compareTo(other.start);
  }

  @Override
  public String toString() {
    return key();
  }
}
