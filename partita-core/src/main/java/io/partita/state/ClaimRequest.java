package io.partita.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worker asks for one task of a run: the first of {@code candidates} (ready tasks, best first)
 * that is still queued and that the limits let start.
 */
public record ClaimRequest(
    String runId, String worker, List<Candidate> candidates, ClaimLimits limits, Instant now) {
  public ClaimRequest {
    requireNonNull(runId, "runId is null");
    requireNonNull(worker, "worker is null");
    candidates = List.copyOf(candidates);
    requireNonNull(limits, "limits is null");
    requireNonNull(now, "now is null");
  }

  /** A ready task of the run. */
  public record Candidate(String asset, String partition) {
    public Candidate {
      requireNonNull(asset, "asset is null");
      requireNonNull(partition, "partition is null");
    }
  }

  /**
   * The limits a claim must respect, counted over the live claims of every worker.
   *
   * @param maxParallel most claims of the run at once
   * @param concurrency most claims of an asset within the run; an absent or non-positive value
   *     means no limit
   * @param pools the pool of each asset that names one
   * @param poolSizes most claims at once in a pool, over all runs
   */
  public record ClaimLimits(
      int maxParallel,
      Map<String, Integer> concurrency,
      Map<String, String> pools,
      Map<String, Integer> poolSizes) {
    public ClaimLimits {
      if (maxParallel < 1) {
        throw new IllegalArgumentException("maxParallel must be at least 1: " + maxParallel);
      }
      concurrency = Map.copyOf(concurrency);
      pools = Map.copyOf(pools);
      poolSizes = Map.copyOf(poolSizes);
    }

    public Optional<String> poolOf(String asset) {
      return Optional.ofNullable(pools.get(asset));
    }
  }
}
