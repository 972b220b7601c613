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
 */
public record RunOptions(
    String assets,
    String partitions,
    int maxParallel,
    Optional<String> writeMode,
    Optional<Integer> retries,
    String order,
    String reprocess) {}
