package io.partita.exec;

import java.time.Instant;
import java.util.List;

/** How the tasks of one batch ended, in the batch's order (a lone task is a batch of one). */
record Completion(List<Integer> taskIds, Instant finishedAt, List<TaskOutcome> outcomes) {
  static Completion all(List<Integer> taskIds, Instant finishedAt, TaskOutcome outcome) {
    return new Completion(
        taskIds, finishedAt, java.util.Collections.nCopies(taskIds.size(), outcome));
  }
}
