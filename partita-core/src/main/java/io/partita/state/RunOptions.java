package io.partita.state;

import java.util.Optional;

/**
 * The options a run was created with, kept so that {@code resume} continues it exactly.
 *
 * @param assets the asset selection as typed, e.g. {@code features+}; empty for all assets
 * @param partitions the partition spec as typed, e.g. {@code 2025-03-01..2025-03-07}
 * @param writeMode an override of every asset's write mode, or empty
 * @param retries an override of every asset's retries, or empty
 * @param order {@code asc} or {@code desc}
 * @param reprocess {@code all}, {@code missing} or {@code failed}
 * @param publish {@code per-partition} (each partition as it passes its checks) or {@code atomic}
 *     (everything in one transaction at the end, only if every partition passed)
 * @param target the version to write: empty (each asset's live version), {@code v2} (every asset of
 *     the run) or {@code features_v2} (that asset; the others write their live version)
 */
public record RunOptions(
    String assets,
    String partitions,
    int maxParallel,
    Optional<String> writeMode,
    Optional<Integer> retries,
    String order,
    String reprocess,
    String publish,
    String target) {
  public static final String PER_PARTITION = "per-partition";
  public static final String ATOMIC = "atomic";

  public RunOptions {
    publish = publish == null ? PER_PARTITION : publish;
    target = target == null ? "" : target;
    if (!publish.equals(PER_PARTITION) && !publish.equals(ATOMIC)) {
      throw io.partita.PartitaException.user(
          "Unknown --publish '%s': use per-partition or atomic", publish);
    }
  }

  /** Options with per-partition publish. */
  public RunOptions(
      String assets,
      String partitions,
      int maxParallel,
      Optional<String> writeMode,
      Optional<Integer> retries,
      String order,
      String reprocess) {
    this(assets, partitions, maxParallel, writeMode, retries, order, reprocess, PER_PARTITION, "");
  }

  public RunOptions(
      String assets,
      String partitions,
      int maxParallel,
      Optional<String> writeMode,
      Optional<Integer> retries,
      String order,
      String reprocess,
      String publish) {
    this(assets, partitions, maxParallel, writeMode, retries, order, reprocess, publish, "");
  }

  public boolean atomic() {
    return ATOMIC.equals(publish);
  }
}
