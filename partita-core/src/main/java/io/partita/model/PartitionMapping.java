package io.partita.model;

/**
 * How a downstream partition maps to the upstream partitions it reads. Offsets are in units of the
 * downstream grain; when the grains differ, the upstream partitions overlapping the shifted window
 * are read.
 */
public sealed interface PartitionMapping {
  /** Same window (the default). */
  record Identity() implements PartitionMapping {
    @Override
    public String describe() {
      return "identity";
    }
  }

  /**
   * The windows {@code D+from .. D+to} inclusive, e.g. {@code [-2, 0]} for a 3-day rolling input.
   */
  record Window(int from, int to) implements PartitionMapping {
    public Window {
      if (from > to) {
        throw new IllegalArgumentException("window [" + from + ", " + to + "] is reversed");
      }
    }

    @Override
    public String describe() {
      return "window [" + from + ", " + to + "]";
    }
  }

  /** Every partition of the upstream asset from the pipeline start to the end of this window. */
  record All() implements PartitionMapping {
    @Override
    public String describe() {
      return "all";
    }
  }

  /** The previous partition of the same asset ({@code depends_on_past}). */
  record Self() implements PartitionMapping {
    @Override
    public String describe() {
      return "depends_on_past";
    }
  }

  String describe();
}
