package io.partita.config;

/**
 * An asset's {@code batch_size}: how many consecutive partitions one query computes. {@code 1} (the
 * default) is off; {@code auto} lets the executor pick the size from the measured time per
 * partition. Each partition of a batch is still checked, recorded and published as its own unit.
 *
 * @param auto whether the executor picks the size
 * @param fixed the size when not {@code auto}; at least 1
 */
public record BatchSize(boolean auto, int fixed) {
  public static final BatchSize OFF = new BatchSize(false, 1);
  public static final BatchSize AUTO = new BatchSize(true, 1);

  public BatchSize {
    if (fixed < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + fixed);
    }
  }

  public static BatchSize of(int fixed) {
    return new BatchSize(false, fixed);
  }

  /** Whether partitions of the asset may share one query. */
  public boolean fuses() {
    return auto || fixed > 1;
  }

  /** {@code auto} or the number, as written in partita.yaml. */
  public String describe() {
    return auto ? "auto" : Integer.toString(fixed);
  }
}
