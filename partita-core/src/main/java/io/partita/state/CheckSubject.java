package io.partita.state;

import static java.util.Objects.requireNonNull;

/**
 * What a stored check verdict judged: one attempt of one partition of one version of an asset.
 *
 * @param attempt the task attempt; 0 for a re-check outside a run's attempts
 * @param version the version of the asset the check judged ({@code v1}, {@code v2}, ...)
 */
public record CheckSubject(
    String runId, String asset, String version, String partition, int attempt) {
  public CheckSubject {
    requireNonNull(runId, "runId is null");
    requireNonNull(asset, "asset is null");
    requireNonNull(version, "version is null");
    requireNonNull(partition, "partition is null");
  }
}
