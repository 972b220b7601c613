package io.partita.model;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import java.util.AbstractList;
import java.util.List;

/** An inclusive range of partitions of one grain, {@code first..last}. */
public record PartitionRange(PartitionKey first, PartitionKey last) {
  public PartitionRange {
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    if (first.grain() != last.grain()) {
      throw PartitaException.user(
          "Invalid partition range %s..%s: both ends must have the same grain", first, last);
    }
    if (last.compareTo(first) < 0) {
      throw PartitaException.user(
          "Invalid partition range %s..%s: the end is before the start; write it as %s..%s",
          first, last, last, first);
    }
  }

  public Grain grain() {
    return first.grain();
  }

  public int size() {
    return Math.toIntExact(grain().between(first.start(), last.start()) + 1);
  }

  public boolean contains(PartitionKey key) {
    return key.compareTo(first) >= 0 && key.compareTo(last) <= 0;
  }

  /**
   * The keys in ascending order, computed lazily so a range of 100,000 partitions costs nothing.
   */
  public List<PartitionKey> keys() {
    int size = size();
    return new AbstractList<>() {
      @Override
      public PartitionKey get(int index) {
        return first.plus(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public String toString() {
    return first + ".." + last;
  }
}
