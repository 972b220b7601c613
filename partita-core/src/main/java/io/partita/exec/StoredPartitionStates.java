package io.partita.exec;

import io.partita.model.PartitionKey;
import io.partita.plan.PartitionStates;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import java.util.HashMap;
import java.util.Map;

/** {@link PartitionStates} read from the state store, one query per asset, cached. */
final class StoredPartitionStates implements PartitionStates {
  private final StateStore state;
  private final Map<String, Map<String, PartitionStatus>> byAsset = new HashMap<>();

  StoredPartitionStates(StateStore state) {
    this.state = state;
  }

  @Override
  public boolean isMaterialized(String asset, PartitionKey partition) {
    return statusOf(asset, partition) == PartitionStatus.SUCCEEDED;
  }

  @Override
  public boolean isFailed(String asset, PartitionKey partition) {
    return statusOf(asset, partition) == PartitionStatus.FAILED;
  }

  private PartitionStatus statusOf(String asset, PartitionKey partition) {
    Map<String, PartitionStatus> statuses =
        byAsset.computeIfAbsent(
            asset,
            name -> {
              Map<String, PartitionStatus> map = new HashMap<>();
              for (PartitionState stored : state.partitions().list(name)) {
                map.put(stored.partition(), stored.status());
              }
              return map;
            });
    return statuses.getOrDefault(partition.key(), PartitionStatus.MISSING);
  }
}
