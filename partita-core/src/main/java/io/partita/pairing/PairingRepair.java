package io.partita.pairing;

import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import io.partita.engine.PublishedPartition;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code partita repair}: brings a state store and a warehouse that are out of step back together,
 * in the direction the user chose. Both directions end by pairing the two.
 */
public final class PairingRepair {
  private final StateStore state;
  private final Engine engine;
  private final Clock clock;

  /** {@code engine} is opened without the pairing check: repairing is what the check asks for. */
  public PairingRepair(StateStore state, Engine engine, Clock clock) {
    this.state = state;
    this.engine = engine;
    this.clock = clock;
  }

  /** What a repair changed in the state store. */
  public record Result(int succeeded, int missing, long rows) {}

  /**
   * The warehouse is the truth of what is published: every partition of a live version whose last
   * entry in the publish log is a publish becomes succeeded with that entry's rows and run (a
   * restore that left it empty makes it missing); every other partition the state store knew of the
   * pipeline's assets becomes missing. Versions that are not live are left as they are.
   */
  public Result fromWarehouse(Pipeline pipeline) {
    Instant now = clock.instant();
    Map<String, Optional<String>> liveTables = new HashMap<>();
    Map<String, Optional<String>> snapshots = new HashMap<>();
    Map<String, PartitionState> rebuilt = new LinkedHashMap<>();
    for (PublishedPartition entry : engine.latestPublishes()) {
      Optional<String> live =
          liveTables.computeIfAbsent(
              entry.asset(),
              asset ->
                  engine.liveVersion(asset).map(version -> engine.versionRelation(asset, version)));
      if (entry.target() != null && live.isPresent() && !entry.target().equals(live.get())) {
        continue;
      }
      String key = entry.asset() + " " + entry.partition();
      PartitionState earlier = rebuilt.get(key);
      if (earlier != null && earlier.updatedAt().isAfter(entry.publishedAt())) {
        continue;
      }
      boolean emptied = entry.attempt() == 0 && entry.rows() == 0; // a rollback to "no rows"
      Optional<String> snapshot =
          snapshots.computeIfAbsent(
              entry.runId(), run -> state.runs().find(run).map(RunRecord::snapshotHash));
      rebuilt.put(
          key,
          new PartitionState(
              entry.asset(),
              entry.partition(),
              emptied ? PartitionStatus.MISSING : PartitionStatus.SUCCEEDED,
              Optional.of(entry.rows()),
              entry.runId(),
              emptied ? Optional.empty() : snapshot,
              entry.publishedAt()));
    }
    List<PartitionState> states = new ArrayList<>(rebuilt.values());
    for (String asset : pipeline.assetNames()) {
      for (PartitionState known : state.partitions().list(asset)) {
        if (known.status() != PartitionStatus.MISSING
            && !rebuilt.containsKey(asset + " " + known.partition())) {
          states.add(
              new PartitionState(
                  asset,
                  known.partition(),
                  PartitionStatus.MISSING,
                  Optional.empty(),
                  known.runId(),
                  Optional.empty(),
                  now));
        }
      }
    }
    state.identity().rebuild(warehouseId(), states);
    engine.pairState(state.identity().stateId());
    int succeeded = 0;
    long rows = 0;
    for (PartitionState partition : states) {
      if (partition.status() == PartitionStatus.SUCCEEDED) {
        succeeded++;
        rows += partition.rows().orElse(0L);
      }
    }
    return new Result(succeeded, states.size() - succeeded, rows);
  }

  /**
   * Accepts that the warehouse the state store described is gone: every partition it knew becomes
   * missing, so {@code backfill --reprocess missing} rebuilds it into this warehouse.
   */
  public Result forgetWarehouse() {
    int missing = state.identity().forgetWarehouse(warehouseId(), clock.instant());
    engine.pairState(state.identity().stateId());
    return new Result(0, missing, 0);
  }

  private String warehouseId() {
    return engine
        .identity()
        .warehouseId()
        .orElseThrow(() -> new IllegalStateException("A writable warehouse always has an id"));
  }
}
