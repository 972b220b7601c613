package io.partita.model;

import io.partita.PartitaException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The partitions a user asked for: an inclusive range {@code A..B} or a list {@code A,B,C}. Parsed
 * from the user's text with the grain of the assets they apply to.
 */
public sealed interface PartitionSet {
  /** The keys in ascending order without duplicates. */
  List<PartitionKey> keys();

  /** Text the user can paste back into {@code --partitions}. */
  String spec();

  /** How many partitions, computed without enumerating them. */
  long count();

  record Range(PartitionRange range) implements PartitionSet {
    @Override
    public List<PartitionKey> keys() {
      return range.keys();
    }

    @Override
    public String spec() {
      return range.toString();
    }

    @Override
    public long count() {
      return range.grain().between(range.first().start(), range.last().start()) + 1;
    }
  }

  record Listed(List<PartitionKey> partitions) implements PartitionSet {
    public Listed {
      partitions = List.copyOf(new TreeSet<>(partitions));
      if (partitions.isEmpty()) {
        throw PartitaException.user("Empty partition list: give at least one partition key");
      }
    }

    @Override
    public List<PartitionKey> keys() {
      return partitions;
    }

    @Override
    public String spec() {
      return String.join(",", partitions.stream().map(PartitionKey::key).toList());
    }

    @Override
    public long count() {
      return partitions.size();
    }
  }

  /** Parses {@code A..B} or {@code A,B,C} (a single key is a one-element list). */
  static PartitionSet parse(String spec, Grain grain) {
    String text = spec == null ? "" : spec.strip();
    if (text.isEmpty()) {
      throw PartitaException.user(
          "Empty --partitions: write a range like %s..%s or a list A,B,C",
          grain.example(), grain.example());
    }
    int dots = text.indexOf("..");
    if (dots >= 0) {
      String from = text.substring(0, dots);
      String to = text.substring(dots + 2);
      if (from.isBlank() || to.isBlank() || to.contains("..")) {
        throw PartitaException.user(
            "Malformed partition range '%s': write it as FIRST..LAST, e.g. %s..%s",
            text, grain.example(), grain.example());
      }
      return new Range(new PartitionRange(grain.parseKey(from), grain.parseKey(to)));
    }
    List<PartitionKey> keys = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        throw PartitaException.user("Malformed partition list '%s': an element is empty", text);
      }
      keys.add(grain.parseKey(part));
    }
    return new Listed(keys);
  }

  static PartitionSet range(PartitionKey first, PartitionKey last) {
    return new Range(new PartitionRange(first, last));
  }
}
