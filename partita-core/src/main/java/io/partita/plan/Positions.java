package io.partita.plan;

import io.partita.model.Grain;
import io.partita.model.PartitionKey;
import io.partita.model.PartitionSet;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds the position of a partition in the requested set in O(1): arithmetic for ranges, a map for lists. */
abstract class Positions {
  /** The position of the partition starting at {@code start}, or -1 when it is not in the set. */
  abstract int positionOf(LocalDateTime start);

  static Positions of(PartitionSet set) {
    if (set instanceof PartitionSet.Range range) {
      PartitionKey first = range.range().first();
      Grain grain = first.grain();
      int size = range.range().size();
      return new Positions() {
        @Override
        int positionOf(LocalDateTime start) {
          long position = grain.between(first.start(), start);
          if (position < 0 || position >= size || !grain.plus(first.start(), position).equals(start)) {
            return -1;
          }
          return (int) position;
        }
      };
    }
    List<PartitionKey> keys = set.keys();
    Map<LocalDateTime, Integer> index = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      index.put(keys.get(i).start(), i);
    }
    return new Positions() {
      @Override
      int positionOf(LocalDateTime start) {
        return index.getOrDefault(start, -1);
      }
    };
  }
}
