package io.partita.state;

import java.util.Optional;

/**
 * The options a run was created with, kept so that {@code resume} continues it exactly.
 *
 * @param selection the assets, partitions, reprocess mode and target version as typed
 * @param order {@code asc} or {@code desc}
 * @param writeMode an override of every asset's write mode, or empty
 * @param retries an override of every asset's retries, or empty
 * @param publish {@code per-partition} (each partition as it passes its checks) or {@code atomic}
 *     (everything in one transaction at the end, only if every partition passed)
 */
public record RunOptions(
    RunSelection selection,
    int maxParallel,
    String order,
    Optional<String> writeMode,
    Optional<Integer> retries,
    String publish) {
  public static final String PER_PARTITION = "per-partition";
  public static final String ATOMIC = "atomic";

  public RunOptions {
    java.util.Objects.requireNonNull(selection, "selection is null");
    publish = publish == null ? PER_PARTITION : publish;
    if (!publish.equals(PER_PARTITION) && !publish.equals(ATOMIC)) {
      throw io.partita.PartitaException.user(
          "Unknown --publish '%s': use per-partition or atomic", publish);
    }
  }

  /** Options with per-partition publish and no overrides. */
  public RunOptions(RunSelection selection, int maxParallel, String order) {
    this(selection, maxParallel, order, Optional.empty(), Optional.empty(), PER_PARTITION);
  }

  public boolean atomic() {
    return ATOMIC.equals(publish);
  }

  /** The asset selection as typed, e.g. {@code features+}; empty for all assets. */
  public String assets() {
    return selection.assets();
  }

  /** The partition spec as typed, e.g. {@code 2025-03-01..2025-03-07}. */
  public String partitions() {
    return selection.partitions();
  }

  /** {@code all}, {@code missing} or {@code failed}. */
  public String reprocess() {
    return selection.reprocess();
  }

  /** The version to write: empty (live), {@code v2} (every asset) or {@code features_v2}. */
  public String target() {
    return selection.target();
  }
}
