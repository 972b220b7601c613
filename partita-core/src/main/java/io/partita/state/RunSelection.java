package io.partita.state;

import static java.util.Objects.requireNonNull;

/**
 * What a run computes, as typed: which assets, which partitions, which of them again, into which
 * version.
 *
 * @param assets the asset selection as typed, e.g. {@code features+}; empty for all assets
 * @param partitions the partition spec as typed, e.g. {@code 2025-03-01..2025-03-07}
 * @param reprocess {@code all}, {@code missing} or {@code failed}
 * @param target the version to write: empty (each asset's live version), {@code v2} (every asset of
 *     the run) or {@code features_v2} (that asset; the others write their live version)
 */
public record RunSelection(String assets, String partitions, String reprocess, String target) {
  public RunSelection {
    target = target == null ? "" : target;
  }

  /** Every partition of {@code partitions} of the selected assets, into their live versions. */
  public static RunSelection all(String assets, String partitions) {
    return new RunSelection(assets, partitions, "all", "");
  }

  public RunSelection withReprocess(String next) {
    requireNonNull(next, "reprocess is null");
    return new RunSelection(assets, partitions, next, target);
  }
}
