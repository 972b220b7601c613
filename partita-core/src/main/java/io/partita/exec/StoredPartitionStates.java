package io.partita.exec;

import io.partita.model.PartitionKey;
import io.partita.plan.PartitionStates;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskStatus;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link PartitionStates} read from the state store, one query per asset, cached.
 *
 * <p>A partition is failed when its last attempt did not succeed: its state is {@code failed} or
 * {@code failed_checks}, or the newest task that planned it ended {@code failed}, {@code
 * failed_checks}, {@code upstream_failed} or {@code cancelled}. Those last two keep the partition's
 * earlier state (the grid shows what the warehouse holds), so only the task tells. Tasks of an
 * interrupted run are not failed: {@code partita resume} finishes them.
 */
final class StoredPartitionStates implements PartitionStates {
  private static final Set<PartitionStatus> FAILED_STATES =
      EnumSet.of(PartitionStatus.FAILED, PartitionStatus.FAILED_CHECKS);
  private static final Set<TaskStatus> FAILED_TASKS =
      EnumSet.of(
          TaskStatus.FAILED,
          TaskStatus.FAILED_CHECKS,
          TaskStatus.UPSTREAM_FAILED,
          TaskStatus.CANCELLED);

  private final StateStore state;
  private final Map<String, Map<String, PartitionStatus>> byAsset = new HashMap<>();
  private final Map<String, Map<String, TaskStatus>> latestTasks = new HashMap<>();

  StoredPartitionStates(StateStore state) {
    this.state = state;
  }

  @Override
  public boolean isMaterialized(String asset, PartitionKey partition) {
    return statusOf(asset, partition) == PartitionStatus.SUCCEEDED;
  }

  @Override
  public boolean isFailed(String asset, PartitionKey partition) {
    if (FAILED_STATES.contains(statusOf(asset, partition))) {
      return true;
    }
    TaskStatus latest =
        latestTasks
            .computeIfAbsent(asset, name -> state.tasks().latestStatuses(name))
            .get(partition.key());
    return latest != null && FAILED_TASKS.contains(latest);
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
