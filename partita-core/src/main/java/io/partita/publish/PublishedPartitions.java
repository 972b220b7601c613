package io.partita.publish;

import io.partita.engine.PublishResult;
import io.partita.state.PartitionMetrics;
import io.partita.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What committed publishes make true in the state store: each partition's metrics (all of them in
 * one transaction, so a batch of partitions costs one commit, not one per partition) and its late
 * arrivals.
 */
final class PublishedPartitions {
  private PublishedPartitions() {}

  static List<TaskOutput> store(
      StateStore state,
      Instant now,
      List<TaskRunner.Verified> verified,
      List<PublishResult> results) {
    state
        .checks()
        .putMetrics(
            verified.stream()
                .map(
                    each ->
                        new PartitionMetrics(
                            each.attempt().asset().name(),
                            each.attempt().partition().key(),
                            each.attempt().runId(),
                            each.metrics(),
                            now))
                .toList());
    List<TaskOutput> outputs = new ArrayList<>();
    for (int i = 0; i < verified.size(); i++) {
      verified.get(i).lateness().ifPresent(state.lateArrivals()::record);
      outputs.add(
          new TaskOutput(
              results.get(i).rowsWritten(),
              Optional.empty(),
              verified.get(i).publish(),
              verified.get(i).metrics()));
    }
    return outputs;
  }
}
