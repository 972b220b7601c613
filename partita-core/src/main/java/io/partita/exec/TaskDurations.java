package io.partita.exec;

import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * The time each succeeded task of one run took per partition. The partitions of a batch ({@code
 * batch_size}) start and finish together, so each one's own span is the batch's: it counts as the
 * batch's time divided by its partitions.
 */
final class TaskDurations {
  private TaskDurations() {}

  /** Calls {@code sink} with each succeeded task's asset and milliseconds per partition. */
  static void perPartition(List<TaskRecord> tasks, ObjIntConsumer<String> sink) {
    Map<String, Integer> batchSizes = new HashMap<>();
    for (TaskRecord task : tasks) {
      if (succeeded(task)) {
        batchSizes.merge(batchKey(task), 1, Integer::sum);
      }
    }
    for (TaskRecord task : tasks) {
      if (succeeded(task)) {
        long millis = Duration.between(task.startedAt().get(), task.finishedAt().get()).toMillis();
        sink.accept(task.asset(), (int) (millis / batchSizes.get(batchKey(task))));
      }
    }
  }

  private static boolean succeeded(TaskRecord task) {
    return task.status() == TaskStatus.SUCCEEDED
        && task.startedAt().isPresent()
        && task.finishedAt().isPresent();
  }

  private static String batchKey(TaskRecord task) {
    Instant started = task.startedAt().get();
    Instant finished = task.finishedAt().get();
    return task.asset() + "\u0000" + started + "\u0000" + finished;
  }
}
