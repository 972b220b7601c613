package io.partita.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Runs. Status changes are compare-and-swap: {@code false} means another process moved first. */
public interface RunStore {
  /** Stores a new run; the id must be unused. */
  void create(RunRecord run);

  Optional<RunRecord> find(String id);

  /** Newest first. */
  List<RunRecord> list(int limit);

  /** Runs in any of {@code statuses}, oldest first. */
  List<RunRecord> withStatus(List<RunStatus> statuses);

  /**
   * Moves the run from {@code expected} to {@code next} if it is still in {@code expected}; sets
   * {@code finishedAt} for terminal states, clears the control request.
   *
   * @throws IllegalStateException when the move is not allowed by {@link RunStatus}
   */
  boolean transition(String id, RunStatus expected, RunStatus next, Instant at);

  /**
   * Makes {@code owner} the executing process of the run if the run has no live owner: none, the
   * same owner, or one whose heartbeat is older than {@code staleBefore}. Sets the heartbeat.
   */
  boolean claim(String id, String owner, Instant now, Instant staleBefore);

  /** Refreshes the heartbeat; false when {@code owner} no longer owns the run. */
  boolean heartbeat(String id, String owner, Instant now);

  /** Clears the owner (the process leaves the run, e.g. on pause or at the end). */
  void release(String id, String owner);

  void requestControl(String id, ControlRequest request);

  /** Stores the real partitions of each asset of a new run (see {@link AssetRange}). */
  void saveAssetRanges(String id, List<AssetRange> ranges);

  /**
   * The ranges stored by {@link #saveAssetRanges}, in plan order; empty for a run created before
   * they were stored.
   */
  List<AssetRange> assetRanges(String id);

  /** Removes a run that never started, with its tasks and leases (a refused create). */
  void delete(String id);
}
