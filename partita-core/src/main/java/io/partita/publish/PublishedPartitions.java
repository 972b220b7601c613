package io.partita.publish;

import io.partita.engine.PublishResult;
import io.partita.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What committed publishes make true in the state store right away: their late arrivals. Their
 * metrics travel in {@link TaskOutput#metrics} to whoever stores the task's end, which commits them
 * in the same transaction as the partition's new state (one commit per task, not two).
 */
final class PublishedPartitions {
  private PublishedPartitions() {}

  static List<TaskOutput> store(
      StateStore state, List<TaskRunner.Verified> verified, List<PublishResult> results) {
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
